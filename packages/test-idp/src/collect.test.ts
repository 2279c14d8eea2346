import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { collectMessage, collectSteps, nextStep, qrSeconds } from './collect.ts';
import { OrderBook, orderTtlMs } from './order-book.ts';
import { renderQrPage } from './pages/qr-page.ts';
import { orderQrSvg } from './qr-image.ts';

describe('the simulated collect states', () => {
  it('go outstandingTransaction → started → userSign → complete, and stay complete', () => {
    expect(collectSteps.map(nextStep)).toEqual(['started', 'userSign', 'complete', 'complete']);
  });

  it('tell the person what BankID recommends, in Swedish and English', () => {
    expect(collectMessage('outstandingTransaction')).toEqual({
      sv: 'Starta BankID-appen.',
      en: 'Start your BankID app.',
    });
    expect(collectMessage('started').sv).toBe('Identifiering eller underskrift pågår.');
    expect(collectMessage('userSign').sv).toBe(
      'Skriv in din säkerhetskod i BankID-appen och välj Legitimera eller Skriv under.',
    );
  });

  it('count QR time in whole seconds since the order started', () => {
    expect(qrSeconds(10_000, 10_999)).toBe(0);
    expect(qrSeconds(10_000, 11_000)).toBe(1);
    expect(qrSeconds(10_000, 9_000)).toBe(0);
  });
});

describe('an order', () => {
  const vector = {
    qrStartToken: '67df3917-fa0d-44e5-b327-edcc928297f8',
    qrStartSecret: 'd28db9a7-4cde-429e-a983-359be676944c',
    startedAtMs: 50_000,
    step: 'outstandingTransaction' as const,
    outcome: { kind: 'failure' as const, failure: 'userCancel' as const },
  };

  it('shows the published test vector frame for each second as its QR image', async () => {
    const frame1 =
      'bankid.67df3917-fa0d-44e5-b327-edcc928297f8.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2';
    const expected = await QRCode.toString(frame1, { type: 'svg', errorCorrectionLevel: 'L', margin: 4 });
    expect(await orderQrSvg(vector, 51_500)).toBe(expected);
    expect(await orderQrSvg(vector, 50_500)).not.toBe(expected);
  });

  it('gets fresh tokens per order, advances one state at a time, and expires with the interaction', () => {
    let now = 0;
    const book = new OrderBook(() => now);
    const a = book.start('a', {
      kind: 'success',
      accountId: 'x',
      acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
    });
    const b = book.start('b', { kind: 'failure', failure: 'userCancel' });
    expect(a.qrStartSecret).not.toBe(b.qrStartSecret);
    expect(a.qrStartToken).not.toBe(a.qrStartSecret);
    expect(book.advance('a')?.step).toBe('started');
    expect(book.find('a')?.step).toBe('started');
    now = orderTtlMs;
    expect(book.find('a')).toBeUndefined();
  });

  it('has a page that never carries the order secret or a frame, only the image address', () => {
    const html = renderQrPage({ uid: 'abc', step: 'outstandingTransaction' });
    expect(html).toContain('src="/interaction/abc/qr.svg"');
    expect(html).toContain('<script src="/test-idp/qr.js" defer></script>');
    expect(html).not.toContain('bankid.');
    expect(html).toContain('Starta BankID-appen.');
    // Once scanned, no QR code and no script.
    expect(renderQrPage({ uid: 'abc', step: 'userSign' })).not.toContain('<script');
  });
});
