import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { type Log, stderrLog } from './log.ts';
import { startSmtp } from './smtp.ts';
import { MessageStore, type StoredMessage } from './store.ts';
import { createInboxApp, loopbackHosts } from './web.ts';

export interface MailboxOptions {
  /** SMTP port; default 7425, 0 picks a free one. */
  readonly smtpPort?: number | undefined;
  /** The inbox page's port; default 7404, 0 picks a free one. */
  readonly webPort?: number | undefined;
  /** Messages kept; default 200, the oldest go first. */
  readonly limit?: number | undefined;
  /** Largest message taken, in bytes. */
  readonly maxBytes?: number | undefined;
  readonly log?: Log | undefined;
}

export interface RunningMailbox {
  /** `smtp://127.0.0.1:<port>`: the business system's baseUrl in Brygga's configuration. */
  readonly smtpUrl: string;
  /** The inbox page, without a trailing slash. */
  readonly webUrl: string;
  /** What has arrived, newest first. */
  messages(): readonly StoredMessage[];
  close(): Promise<void>;
}

// Loopback only, always: the SMTP server takes mail from anyone who can reach it, and the page shows it.
const host = '127.0.0.1';

/** Starts the example functional mailbox: an SMTP server and the inbox page that shows what it received. */
export async function startMailbox(options: MailboxOptions = {}): Promise<RunningMailbox> {
  const log = options.log ?? stderrLog;
  const store = new MessageStore(options.limit);
  const smtp = await startSmtp({
    port: options.smtpPort ?? 7425,
    host,
    store,
    log,
    maxBytes: options.maxBytes,
  });
  // The app is made once the port is known, since it answers only to Host headers naming that port.
  let app: Hono | undefined;
  const server = createAdaptorServer({
    fetch: (request, env) =>
      app === undefined ? new Response(null, { status: 503 }) : app.fetch(request, env),
  }) as Server;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.webPort ?? 7404, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await smtp.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  app = createInboxApp({ store, smtpUrl: smtp.url, allowedHosts: loopbackHosts(port) });
  let closing: Promise<void> | undefined;
  return {
    smtpUrl: smtp.url,
    webUrl: `http://${host}:${port}`,
    messages: () => store.list(),
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
        smtp.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}
