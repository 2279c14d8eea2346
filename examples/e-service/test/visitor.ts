import type { Hono } from 'hono';

export interface Page {
  readonly status: number;
  readonly location: string | null;
  readonly html: string;
  readonly headers: Headers;
}

/**
 * A browser for `app.request`: keeps the cookies it is given (by name, as one host would), follows nothing by
 * itself, and remembers every Set-Cookie line for assertions.
 */
export class Visitor {
  readonly cookies = new Map<string, string>();
  readonly setCookies: string[] = [];
  readonly #app: Hono<never>;
  readonly #origin: string;

  constructor(app: Hono<never>, origin: string) {
    this.#app = app;
    this.#origin = origin;
  }

  get(path: string): Promise<Page> {
    return this.#send(path, { method: 'GET' });
  }

  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    return this.#send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.#origin, ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  async #send(path: string, init: RequestInit): Promise<Page> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await this.#app.request(`${this.#origin}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
      headers: response.headers,
    };
  }
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}
