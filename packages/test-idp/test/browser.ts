/**
 * Just enough of a browser for driving the login with fetch: a cookie jar, manual redirects, and a record of
 * every URL and Set-Cookie seen, so tests can assert that no personnummer ever appears in them.
 */
export class Browser {
  readonly #cookies = new Map<string, string>();
  readonly urls: string[] = [];
  readonly setCookies: string[] = [];

  async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = String(url);
    this.urls.push(target);
    const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
    if (this.#cookies.size > 0)
      headers.cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (value === '' || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /**
   * Follows redirects from `url` until one leaves `origin` (the callback to the client) or a page is returned.
   * Returns the last response and, if the chain left the origin, the URL it was sent to.
   */
  async follow(
    url: string | URL,
    origin: string,
    init: { form?: Record<string, string> } = {},
  ): Promise<{ response: Response; left?: URL; at: URL }> {
    let at = new URL(url);
    let response = await this.request(at, init);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, at };
      await response.body?.cancel();
      const next = new URL(location, at);
      if (next.origin !== origin) {
        this.urls.push(String(next));
        return { response, left: next, at };
      }
      at = next;
      response = await this.request(at);
    }
    throw new Error('too many redirects');
  }
}

/** The value of every `name="<field>" value="..."` radio or option on a page, in order. */
export function radioValues(html: string, field: string): string[] {
  return [...html.matchAll(new RegExp(`name="${field}" value="([^"]*)"`, 'g'))].map((match) =>
    decodeEntities(match[1] ?? ''),
  );
}

export function selectedOption(html: string): string | undefined {
  const match = /<option value="([^"]*)" selected>/.exec(html);
  return match ? decodeEntities(match[1] ?? '') : undefined;
}

export function options(html: string): string[] {
  return [...html.matchAll(/<option value="([^"]*)"/g)].map((match) => decodeEntities(match[1] ?? ''));
}

export function formAction(html: string, index = 0): string {
  const actions = [...html.matchAll(/<form[^>]* method="post" action="([^"]*)"/g)].map((match) =>
    decodeEntities(match[1] ?? ''),
  );
  const action = actions[index];
  if (action === undefined) throw new Error(`no form ${index} on the page`);
  return action;
}

function decodeEntities(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
