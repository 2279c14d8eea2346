import { html, page } from './html.ts';

export interface LoginChoiceProvider {
  readonly id: string;
  readonly name: string;
}

export interface LoginChoiceOptions {
  /** The e-service the citizen is logging in to, in Swedish and English. */
  readonly eService: { readonly sv: string; readonly en: string };
  readonly providers: readonly LoginChoiceProvider[];
  /** Where the form posts the choice (same origin). */
  readonly action: string;
}

/**
 * "Choose how to log in", shown when an e-service accepts more than one identity provider. One button per
 * provider in a single form: no script, keyboard usable, each button named by its provider.
 */
export function renderLoginChoice(options: LoginChoiceOptions) {
  const buttons = options.providers.map(
    (provider) =>
      html`<li><button type="submit" name="provider" value="${provider.id}" class="choice">${provider.name}</button></li>`,
  );
  const body = html`<h1>Logga in <span lang="en">Log in</span></h1>
<p class="lead">till ${options.eService.sv} <span lang="en">to ${options.eService.en}</span></p>
<form method="post" action="${options.action}" aria-labelledby="choose">
<h2 id="choose">Välj hur du vill logga in <span lang="en">Choose how to log in</span></h2>
<ul class="choices">${buttons}</ul>
</form>
<p>Du skickas vidare till den tjänst du väljer och kommer sedan tillbaka hit. <span lang="en">You are sent to the service you choose and then brought back here.</span></p>`;
  return page({ title: 'Logga in – Brygga', body });
}
