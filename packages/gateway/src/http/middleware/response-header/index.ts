import type { Context } from 'hono';

/** @hono/node-server's mark on a response a handler has already written to the socket itself (oidc-provider's). */
const alreadySent = 'x-hono-already-sent';

/**
 * Sets a header on the response a handler has already returned, in place, as Hono's own secureHeaders does.
 * `c.header()` after `next()` copies the whole response instead, which turns its body into a web stream: about a
 * tenth of a contract call's CPU. Two kinds still get the copy: headers that cannot change (Response.redirect,
 * Response.error), and a response already written by its handler, which @hono/node-server recognises only on
 * the copy (on the original it would write the headers a second time).
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const headers = c.res.headers;
  if (headers.has(alreadySent)) {
    c.header(name, value);
    return;
  }
  try {
    headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
