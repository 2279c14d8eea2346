import { type CollectStep, collectMessage } from '../collect.ts';
import { bilingual, renderPage } from './html.ts';

/** Served at this path; swaps the QR image every second, since the frame changes every second. */
export const qrScriptPath = '/test-idp/qr.js';

export const qrScript = `// Test BankID: a new QR frame every second (each frame is computed on the server).
const image = document.getElementById('qr-code');
if (image) {
  const base = image.getAttribute('src');
  let frame = 0;
  setInterval(() => {
    frame += 1;
    image.setAttribute('src', base + '?frame=' + frame);
  }, 1000);
}
`;

export interface QrPageModel {
  readonly uid: string;
  readonly step: Exclude<CollectStep, 'complete'>;
}

/**
 * BankID on another device: the animated QR code (an image the script refreshes), the recommended message for
 * the order's state, and a button that plays the person's next move in the app.
 */
export function renderQrPage(model: QrPageModel): string {
  const base = `/interaction/${encodeURIComponent(model.uid)}`;
  const showQr = model.step === 'outstandingTransaction';
  const main = `<h1>${bilingual({ sv: 'BankID på annan enhet', en: 'BankID on another device' })}</h1>
<p class="message" role="status">${bilingual(collectMessage(model.step))}</p>
${
  showQr
    ? `<p>${bilingual({
        sv: 'Öppna BankID-appen på din mobil och skanna QR-koden. Koden byts varje sekund.',
        en: 'Open the BankID app on your mobile and scan the QR code. The code changes every second.',
      })}</p>
<img class="qr" id="qr-code" src="${base}/qr.svg" alt="QR-kod för BankID (QR code for BankID)">
<noscript><p><a href="${base}/qr">${bilingual({ sv: 'Visa en ny QR-kod', en: 'Show a new QR code' })}</a></p></noscript>`
    : ''
}
<form method="post" action="${base}/qr">
<div class="actions"><button type="submit" class="primary">${bilingual({
    sv: 'Simulera nästa steg i appen',
    en: 'Simulate the next step in the app',
  })}</button></div>
</form>
<form method="post" action="${base}/return">
<input type="hidden" name="outcome" value="userCancel">
<div class="actions"><button type="submit" class="secondary">${bilingual({ sv: 'Avbryt inloggningen', en: 'Cancel the login' })}</button></div>
</form>`;
  return renderPage({ title: 'BankID på annan enhet', main, ...(showQr ? { scripts: [qrScriptPath] } : {}) });
}
