/**
 * Just enough of a browser to drive logins with fetch: a cookie jar per origin host, manual redirects, and a
 * record of every URL, Set-Cookie line and body it saw, so tests can assert that no personnummer reached it.
 */
export class Browser {
  readonly #cookies = new Map<string, Map<string, string>>();
  /** Where a request really goes: e.g. https://gateway → http://gateway, standing in for a TLS proxy. */
  readonly #rewrite: (url: URL) => URL;

  constructor(options: { rewrite?: (url: URL) => URL } = {}) {
    this.#rewrite = options.rewrite ?? ((url) => url);
  }
  readonly urls: string[] = [];
  readonly setCookies: string[] = [];
  readonly bodies: string[] = [];
  readonly headers: string[] = [];

  cookie(host: string, name: string): string | undefined {
    return this.#cookies.get(host)?.get(name);
  }

  /** Sets a cookie as if a site had set it (an attacker planting a session id, in a fixation test). */
  plant(host: string, name: string, value: string): void {
    const cookies = this.#cookies.get(host) ?? new Map<string, string>();
    this.#cookies.set(host, cookies);
    cookies.set(name, value);
  }

  cookieNames(host: string): string[] {
    return [...(this.#cookies.get(host)?.keys() ?? [])];
  }

  async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<{ response: Response; body: string }> {
    const target = new URL(url);
    this.urls.push(target.href);
    const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
    const jar = this.#cookies.get(target.host);
    if (jar !== undefined && jar.size > 0) {
      headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin ??= target.origin;
      headers['sec-fetch-site'] ??= 'same-origin';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(this.#rewrite(target), {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
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
      const expired = attributes.some(
        (attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute) || /^\s*max-age=0\b/i.test(attribute),
      );
      const cookies = this.#cookies.get(target.host) ?? new Map<string, string>();
      this.#cookies.set(target.host, cookies);
      if (value === '' || expired) cookies.delete(name);
      else cookies.set(name, value);
    }
    const text = await response.text();
    this.bodies.push(text);
    this.headers.push(JSON.stringify([...response.headers]));
    return { response, body: text };
  }

  /**
   * Follows redirects from `url`, across origins, until a page is returned or the next hop satisfies `stop`
   * (the e-service's callback, typically), which is then returned unvisited.
   */
  async follow(
    url: string | URL,
    options: { form?: Record<string, string>; stop?: (next: URL) => boolean } = {},
  ): Promise<{ response: Response; body: string; at: URL; stopped?: URL }> {
    let at = new URL(url);
    let result = await this.request(at, options.form ? { form: options.form } : {});
    for (let hops = 0; hops < 20; hops++) {
      const location = result.response.headers.get('location');
      if (result.response.status < 300 || result.response.status >= 400 || location === null) {
        return { ...result, at };
      }
      const next = new URL(location, at);
      if (options.stop?.(next)) {
        this.urls.push(next.href);
        return { ...result, at, stopped: next };
      }
      at = next;
      result = await this.request(at);
    }
    throw new Error('too many redirects');
  }

  /** Everything the browser was given: for "the personnummer never reached it" assertions. */
  seen(): string {
    return [...this.urls, ...this.setCookies, ...this.headers, ...this.bodies].join('\n');
  }
}

/**
 * Answers the test IdP's login form on `page` as its first person, successfully, at the preselected ACR, and
 * follows the redirects as `Browser.follow` does.
 */
export function logInAtTestIdp(
  browser: Browser,
  page: { readonly body: string; readonly at: URL },
  stop: (next: URL) => boolean,
): ReturnType<Browser['follow']> {
  return browser.follow(new URL(formAction(page.body), page.at), {
    form: {
      person: radioValues(page.body, 'person')[0] ?? '',
      outcome: 'success',
      acr: selectedOption(page.body) ?? '',
    },
    stop,
  });
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

export function formAction(html: string, index = 0): string {
  const actions = [...html.matchAll(/<form[^>]* method="post" action="([^"]*)"/g)].map((match) =>
    decodeEntities(match[1] ?? ''),
  );
  const action = actions[index];
  if (action === undefined) throw new Error(`no form ${index} on the page`);
  return action;
}

export function hiddenValue(html: string, name: string): string | undefined {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return match ? decodeEntities(match[1] ?? '') : undefined;
}

function decodeEntities(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
