import { Hono } from 'hono';
import { renderInbox, renderMessage, renderNotFound } from './pages.ts';
import type { MessageStore } from './store.ts';
import { stylesheet } from './styles.ts';

export interface InboxAppOptions {
  readonly store: MessageStore;
  /** Shown on the inbox page, so people know where to send. */
  readonly smtpUrl: string;
  /**
   * The Host headers answered, such as `127.0.0.1:7404`; any other gets 421. A page on some other name that a
   * rebound DNS points at 127.0.0.1 then cannot read the inbox. Left out, every Host is answered (for app.request).
   */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** The names the inbox answers to on `port`: loopback in IPv4, by name and in IPv6. */
export function loopbackHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/**
 * The inbox as a Hono app: pages rendered on the server, no script at all. `GET /api/messages` gives the same
 * as JSON and `DELETE /api/messages` empties the inbox, for tests.
 */
export function createInboxApp(options: InboxAppOptions): Hono {
  const { store } = options;
  const app = new Hono();
  const allowedHosts = options.allowedHosts === undefined ? undefined : new Set(options.allowedHosts);
  app.use('*', async function onlyOwnHost(c, next) {
    if (allowedHosts !== undefined && !allowedHosts.has((c.req.header('host') ?? '').toLowerCase())) {
      return c.text('Misdirected request: this mailbox answers only on its loopback address.', 421);
    }
    await next();
  });
  app.use('*', async function securityHeaders(c, next) {
    await next();
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    // Messages hold personal data, if only made up: never cached.
    if (!c.req.path.startsWith('/assets/')) c.header('Cache-Control', 'no-store');
  });
  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.get('/assets/brevlada.css', (c) =>
    c.body(stylesheet, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  );
  app.get('/', (c) => c.html(renderInbox(store.list(), options.smtpUrl)));
  app.get('/meddelanden/:id', (c) => {
    const message = store.get(c.req.param('id'));
    return message === undefined ? c.html(renderNotFound(), 404) : c.html(renderMessage(message));
  });
  app.get('/api/messages', (c) => c.json({ messages: store.list() }));
  app.delete('/api/messages', (c) => {
    store.clear();
    return c.body(null, 204);
  });
  app.notFound((c) => c.html(renderNotFound(), 404));
  return app;
}
