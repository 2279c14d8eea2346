/**
 * Just enough of a browser to drive an OpenID login with fetch: a cookie jar, manual redirects that stop where
 * they leave the provider (at the e-service's callback), and form helpers for the provider's pages.
 */
export class Browser {
  readonly #cookies = new Map<string, string>();

  async request(url: URL, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.#cookies.size > 0) {
      headers.cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects within `origin`; returns the page reached, or the URL where the chain left `origin`. */
  async follow(
    url: URL,
    origin: string,
    form?: Record<string, string>,
  ): Promise<{ page: string; at: URL; left: URL | undefined }> {
    let at = url;
    let response = await this.request(at, form);
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location');
      if (location === null || response.status < 300 || response.status >= 400) {
        return { page: await response.text(), at, left: undefined };
      }
      await response.body?.cancel();
      const next = new URL(location, at);
      if (next.origin !== origin) return { page: '', at, left: next };
      at = next;
      response = await this.request(at);
    }
    throw new Error('too many redirects');
  }
}

/** The `action` of the `index`th POST form on a page. */
export function formAction(html: string, index = 0): string {
  const actions = [
    ...html.matchAll(
      /<form[^>]*method="post"[^>]*action="([^"]*)"|<form[^>]*action="([^"]*)"[^>]*method="post"/gi,
    ),
  ];
  const match = actions[index];
  if (!match) throw new Error(`no POST form ${index} on the page`);
  return decode(match[1] ?? match[2] ?? '');
}

/** The value of every input named `name` (radio buttons, hidden fields), in page order. */
export function inputValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`name="${name}"[^>]*value="([^"]*)"`, 'g'))].map((match) =>
    decode(match[1] ?? ''),
  );
}

export function selectedOption(html: string): string | undefined {
  const match = /<option value="([^"]*)" selected>/.exec(html);
  return match ? decode(match[1] ?? '') : undefined;
}

function decode(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
