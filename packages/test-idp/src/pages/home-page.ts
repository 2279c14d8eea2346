import { displayForm } from '../identity-number.ts';
import { bilingual, escapeHtml, renderPage } from './html.ts';
import type { PickablePerson } from './login-page.ts';

/** The page at `/`: what this is, where the discovery document is, which test persons exist. */
export function renderHomePage(issuer: string, persons: readonly PickablePerson[]): string {
  const discovery = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const main = `<h1>${bilingual({ sv: 'Test-BankID för Brygga', en: 'Test BankID for Brygga' })}</h1>
<p>${bilingual({
    sv: 'En lokal ersättare för en BankID-identitetsleverantör. Den följer den svenska OIDC-profilen och loggar bara in påhittade testpersoner. Inloggningen börjar alltid i en e-tjänst.',
    en: 'A local stand-in for a BankID identity provider. It follows the Swedish OIDC profile and only logs in made-up test persons. A login always starts in an e-service.',
  })}</p>
<h2>${bilingual({ sv: 'För utvecklare', en: 'For developers' })}</h2>
<dl>
<dt>issuer</dt><dd><code>${escapeHtml(issuer)}</code></dd>
<dt>discovery</dt><dd><a href="${escapeHtml(discovery)}">${escapeHtml(discovery)}</a></dd>
</dl>
<h2>${bilingual({ sv: 'Testpersoner', en: 'Test persons' })}</h2>
<ul>${persons.map(({ person }) => `<li>${escapeHtml(`${person.givenName} ${person.familyName}`)}, ${displayForm(person.number.value)}</li>`).join('')}</ul>
<h2>${bilingual({ sv: 'Testverktyg', en: 'Test tools' })}</h2>
<form method="post" action="/test-idp/rotate-keys">
<div class="actions"><button type="submit" class="secondary">${bilingual({ sv: 'Byt signeringsnyckel', en: 'Rotate the signing key' })}</button></div>
</form>
<form method="post" action="/test-idp/backchannel-logout">
<div class="field">
<label for="account-id">${bilingual({ sv: 'Logga ut via back-channel: personens sub', en: 'Back-channel logout: the person’s sub' })}</label>
<input type="text" id="account-id" name="accountId" autocomplete="off" spellcheck="false">
</div>
<div class="actions"><button type="submit" class="secondary">${bilingual({ sv: 'Skicka utloggning', en: 'Send the logout' })}</button></div>
</form>`;
  return renderPage({ title: 'Test-BankID för Brygga', main });
}
