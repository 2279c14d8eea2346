import { type Device, failureMessage, failureOutcomes, rfa, type SimulatedFailure } from '../messages.ts';
import { bilingual, escapeHtml, renderPage } from './html.ts';

/**
 * What a BankID UI shows when the order fails: the recommended message, then a way back to the e-service,
 * which receives the OAuth error only when the person continues (as with a real broker).
 */
export function renderFailurePage(uid: string, failure: SimulatedFailure, device: Device = 'same'): string {
  const outcome = failureOutcomes[failure];
  const message = failureMessage(failure, device);
  const main = `<h1>${bilingual({ sv: 'Inloggningen blev inte av', en: 'The login did not happen' })}</h1>
<p class="message" role="status">${bilingual(message)}</p>
<dl>
<dt>${bilingual({ sv: 'Simulerat utfall', en: 'Simulated outcome' })}</dt><dd><code>${escapeHtml(failure)}</code> (${escapeHtml(outcome.rfa)})</dd>
<dt>${bilingual({ sv: 'E-tjänsten får', en: 'The e-service receives' })}</dt><dd><code>error=${escapeHtml(outcome.error)}</code></dd>
</dl>
<form method="post" action="/interaction/${encodeURIComponent(uid)}/return">
<input type="hidden" name="outcome" value="${escapeHtml(failure)}">
<div class="actions"><button type="submit" class="primary" autofocus>${bilingual({ sv: 'Tillbaka till e-tjänsten', en: 'Back to the e-service' })}</button></div>
</form>`;
  return renderPage({ title: rfa[outcome.rfa].sv, main });
}
