import { both, type Html, html, page, serviceName } from './layout.ts';

export interface StartPageOptions {
  /** Logged in: links onward instead of the login button. */
  readonly csrfToken?: string | undefined;
  /** Just back from the gateway's logout. */
  readonly loggedOut?: boolean;
}

/** What the service is for, what you need, and the way in. */
export function renderStart(options: StartPageOptions = {}): Html {
  const loggedIn = options.csrfToken !== undefined;
  const notice = options.loggedOut
    ? html`<div class="notice" role="status"><p>Du är utloggad. <span lang="en">You are logged out.</span></p></div>`
    : '';
  const start = loggedIn
    ? html`<div class="actions">
<a class="button" href="/ansokan">Gör en ny ansökan <span lang="en">Make a new application</span></a>
<a href="/mina-arenden">Se mina ärenden <span lang="en">See my cases</span></a>
</div>`
    : html`<div class="actions">
<a class="button" href="/login">Logga in med BankID <span lang="en">Log in with BankID</span></a>
</div>`;
  const body = html`${notice}<h1>${both(serviceName)}</h1>
<p class="lead">Här ansöker du om bygglov, rivningslov eller marklov och följer ditt ärende. <span lang="en">Here you apply for a building, demolition or ground works permit and follow your case.</span></p>
<h2>Det här behöver du <span lang="en">What you need</span></h2>
<ul>
<li>BankID, för att logga in. <span lang="en">BankID, to log in.</span></li>
<li>Fastighetsbeteckningen, till exempel UPPSALA KÅBO 5:12. Den står i lagfarten. <span lang="en">The property designation, for example UPPSALA KÅBO 5:12. It is in the title deed.</span></li>
<li>En beskrivning av vad du vill göra. <span lang="en">A description of what you want to do.</span></li>
</ul>
<p>Det tar ungefär tio minuter. Du får ett diarienummer direkt när ansökan är inskickad. <span lang="en">It takes about ten minutes. You get a case number as soon as the application is sent.</span></p>
${start}`;
  return page({ title: serviceName.sv, body, csrfToken: options.csrfToken });
}
