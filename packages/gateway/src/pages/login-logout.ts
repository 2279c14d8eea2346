import { raw } from 'hono/html';
import { html, page } from './html.ts';

export interface LogoutConfirmOptions {
  /**
   * oidc-provider's empty logout form carrying its CSRF token (`<form id="op.logoutForm" …>`); markup the
   * library escapes itself. The buttons submit it through their `form` attribute.
   */
  readonly form: string;
  readonly eService?: { readonly sv: string; readonly en: string } | undefined;
}

/** "Do you want to log out?", asked before an e-service's logout request ends the citizen's login. */
export function renderLogoutConfirm(options: LogoutConfirmOptions) {
  const from =
    options.eService === undefined
      ? ''
      : html`<p class="lead">${options.eService.sv} vill logga ut dig. <span lang="en">${options.eService.en} wants to log you out.</span></p>`;
  const body = html`<h1>Vill du logga ut? <span lang="en">Do you want to log out?</span></h1>
${from}
<p>Du loggas ut från alla e-tjänster som använder din inloggning. <span lang="en">You are logged out of every e-service that uses your login.</span></p>
${raw(options.form)}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Logga ut <span lang="en">Log out</span></button>
<button type="submit" form="op.logoutForm" class="secondary">Stanna inloggad <span lang="en">Stay logged in</span></button>
</div>`;
  return page({ title: 'Logga ut – Brygga', body });
}

/** Where a logout ends when the e-service named no page of its own to return to. */
export function renderLoggedOut() {
  const body = html`<h1>Du är utloggad <span lang="en">You are logged out</span></h1>
<p>Du kan stänga fönstret. <span lang="en">You can close this window.</span></p>`;
  return page({ title: 'Utloggad – Brygga', body });
}

export interface ProtocolErrorOptions {
  readonly requestId: string;
  /** The OAuth error code, for whoever builds the e-service; a code never carries personal data. */
  readonly error: string;
}

/** A request from an e-service that the gateway could not accept (wrong client, redirect address, …). */
export function renderProtocolError(options: ProtocolErrorOptions) {
  const body = html`<h1>Något gick fel i inloggningen <span lang="en">Something went wrong with the login</span></h1>
<div class="notice" role="alert">
<p>E-tjänsten skickade en begäran som inte kunde tas emot. Gå tillbaka till e-tjänsten och försök igen.</p>
<p lang="en">The e-service sent a request that could not be accepted. Go back to the e-service and try again.</p>
</div>
<p>För den som utvecklar e-tjänsten <span lang="en">For whoever develops the e-service</span>: <code>${options.error}</code></p>
<p>Felkod <span lang="en">Reference</span>: <code>${options.requestId}</code></p>`;
  return page({ title: 'Fel i inloggningen – Brygga', body });
}
