import { describe, expect, it } from 'vitest';
import { qrFrame } from './qr.ts';

// BankID's published test vector (Relying Party guidelines, animated QR code).
const token = '67df3917-fa0d-44e5-b327-edcc928297f8';
const secret = 'd28db9a7-4cde-429e-a983-359be676944c';

describe('qrFrame', () => {
  it('matches the published vector at 0 and 1 seconds', () => {
    expect(qrFrame(token, secret, 0)).toBe(
      `bankid.${token}.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8`,
    );
    expect(qrFrame(token, secret, 1)).toBe(
      `bankid.${token}.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2`,
    );
  });

  it('refuses a time that is not a whole, non-negative number of seconds', () => {
    expect(() => qrFrame(token, secret, -1)).toThrow(RangeError);
    expect(() => qrFrame(token, secret, 1.5)).toThrow(RangeError);
    expect(() => qrFrame(token, secret, Number.NaN)).toThrow(RangeError);
  });
});
