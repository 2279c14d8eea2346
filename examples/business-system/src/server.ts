import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import packageJson from '../package.json' with { type: 'json' };
import { createApp } from './http/app.ts';
import { type Log, stderrLog } from './log.ts';
import { CaseService } from './service/case-service.ts';
import { CaseStore } from './store/case-store.ts';
import { createWebhookNotifier, type WebhookOptions } from './webhook/notifier.ts';

export const devApiKey = 'dev-business-system-key';

export interface BusinessSystemOptions {
  /** Default 7402; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1, so nothing is exposed by accident. */
  readonly host?: string;
  /** SQLite file; default `':memory:'` (gone when closed). The parent directory must exist. */
  readonly dbPath?: string;
  /** How long a write waits for another connection's lock before the API answers 503; default 1000 ms. */
  readonly busyTimeoutMs?: number;
  /** Default: env BUSINESS_SYSTEM_API_KEY, else the development key. Also signs webhook deliveries. */
  readonly apiKey?: string;
  /** Retry pauses and timeout for status callbacks (tests shorten them). */
  readonly webhook?: Omit<WebhookOptions, 'secret' | 'log'>;
  /** Structured events; default JSON lines on stderr. */
  readonly log?: Log;
  /** The clock; tests move it to expire idempotency keys. */
  readonly now?: () => Date;
}

export interface RunningBusinessSystem {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:7402`. */
  readonly url: string;
  /** Stops accepting requests, lets those in flight finish, stops webhook retries, closes the database. */
  close(): Promise<void>;
}

/** Starts the example business system. Resolves once it listens; rejects if the port is taken. */
export async function startBusinessSystem(
  options: BusinessSystemOptions = {},
): Promise<RunningBusinessSystem> {
  const log = options.log ?? stderrLog;
  // An empty key would lock everyone out (or, worse, match an empty header somewhere): treat it as unset.
  const apiKey = options.apiKey || process.env.BUSINESS_SYSTEM_API_KEY || devApiKey;
  if (apiKey === devApiKey) {
    log('using_development_api_key', { hint: 'set BUSINESS_SYSTEM_API_KEY outside development' });
  }

  const store = CaseStore.open(options.dbPath ?? ':memory:', { busyTimeoutMs: options.busyTimeoutMs });
  const notifier = createWebhookNotifier({ ...options.webhook, secret: apiKey, log });
  const service = new CaseService({ store, notifier, ...(options.now ? { now: options.now } : {}) });
  const app = createApp({ service, apiKey, version: packageJson.version, log });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 7402, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }

  // After listening, a server error is logged rather than left to crash the process.
  server.on('error', (error: NodeJS.ErrnoException) =>
    log('server_error', { code: error.code ?? error.name }),
  );

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          // close() also drops idle keep-alive connections; requests in flight get to finish.
          server.close(() => resolve());
        });
        await notifier.close();
        store.close();
      })();
      return closing;
    },
  };
}
