import QRCode from 'qrcode';
import { qrSeconds } from './collect.ts';
import type { Order } from './order-book.ts';
import { qrFrame } from './qr.ts';

/** The QR frame an order shows at `nowMs`, as an SVG image (error correction L, as BankID's own codes). */
export function orderQrSvg(order: Order, nowMs: number): Promise<string> {
  const frame = qrFrame(order.qrStartToken, order.qrStartSecret, qrSeconds(order.startedAtMs, nowMs));
  return QRCode.toString(frame, { type: 'svg', errorCorrectionLevel: 'L', margin: 4 });
}
