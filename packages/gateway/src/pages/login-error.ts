import { html, page } from './html.ts';

/** What went wrong, as the citizen needs to know it (the precise reason is in the log, under the request id). */
export type LoginErrorKind = 'cancelled' | 'expired' | 'rejected' | 'unavailable' | 'misconfigured';

export interface LoginErrorOptions {
  readonly kind: LoginErrorKind;
  /** Shown so support can find the log lines; never personal data. */
  readonly requestId: string;
  /** Starts the same login again (a link). */
  readonly retryUrl?: string | undefined;
  /** Ends the login and returns to the e-service (a POST form). */
  readonly returnAction?: string | undefined;
}

const texts: Record<LoginErrorKind, { heading: [string, string]; text: [string, string] }> = {
  cancelled: {
    heading: ['Inloggningen avbröts', 'The login was cancelled'],
    text: [
      'Du avbröt inloggningen, eller så avbröts den i legitimeringstjänsten. Du är inte inloggad.',
      'You cancelled the login, or it was cancelled by the identification service. You are not logged in.',
    ],
  },
  expired: {
    heading: ['Inloggningen hittades inte', 'The login was not found'],
    text: [
      'Den tog för lång tid, är redan avslutad eller påbörjades i en annan webbläsare. Gå tillbaka till e-tjänsten och logga in igen.',
      'It took too long, has already finished or was started in another browser. Go back to the e-service and log in again.',
    ],
  },
  rejected: {
    heading: ['Inloggningen kunde inte slutföras', 'The login could not be completed'],
    text: [
      'Svaret från legitimeringstjänsten kunde inte godkännas, så du är inte inloggad. Försök igen. Om det inte fungerar, kontakta e-tjänstens support och uppge felkoden nedan.',
      'The answer from the identification service could not be accepted, so you are not logged in. Try again. If it still does not work, contact the e-service support and give them the reference below.',
    ],
  },
  unavailable: {
    heading: ['Legitimeringstjänsten svarar inte', 'The identification service is not answering'],
    text: [
      'Det går inte att logga in just nu. Försök igen om en stund.',
      'Logging in is not possible right now. Please try again in a while.',
    ],
  },
  misconfigured: {
    heading: ['Inloggningen är inte rätt inställd', 'The login is not set up correctly'],
    text: [
      'Det här är ett fel hos oss, inte hos dig. Kontakta e-tjänstens support och uppge felkoden nedan.',
      'This is a fault on our side, not yours. Contact the e-service support and give them the reference below.',
    ],
  },
};

/** The page a failed or cancelled login ends on: what happened, what to do, and a reference for support. */
export function renderLoginError(options: LoginErrorOptions) {
  const { heading, text } = texts[options.kind];
  const retry =
    options.retryUrl === undefined
      ? ''
      : html`<a class="button" href="${options.retryUrl}">Försök igen <span lang="en">Try again</span></a>`;
  const back =
    options.returnAction === undefined
      ? ''
      : html`<form method="post" action="${options.returnAction}"><button type="submit" class="secondary">Tillbaka till e-tjänsten <span lang="en">Back to the e-service</span></button></form>`;
  const body = html`<h1>${heading[0]} <span lang="en">${heading[1]}</span></h1>
<div class="notice" role="alert">
<p>${text[0]}</p>
<p lang="en">${text[1]}</p>
</div>
<div class="actions">${retry}${back}</div>
<p>Felkod <span lang="en">Reference</span>: <code>${options.requestId}</code></p>`;
  return page({ title: `${heading[0]} – Brygga`, body });
}
