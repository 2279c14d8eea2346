import { createHmac } from 'node:crypto';

/**
 * One frame of BankID's animated QR code: `bankid.<qrStartToken>.<seconds>.<qrAuthCode>`, where qrAuthCode is
 * the hex HMAC-SHA256 of the decimal seconds since the order started, keyed with qrStartSecret. A new frame is
 * shown every second; the secret stays on the server and only frames reach the browser.
 */
export function qrFrame(qrStartToken: string, qrStartSecret: string, seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw new RangeError('seconds must be a whole number of seconds since the order started');
  }
  const time = String(seconds);
  const qrAuthCode = createHmac('sha256', qrStartSecret).update(time).digest('hex');
  return `bankid.${qrStartToken}.${time}.${qrAuthCode}`;
}
