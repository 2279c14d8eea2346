import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Log } from './log.ts';
import type { MessageStore } from './store.ts';

export interface SmtpOptions {
  readonly port: number;
  readonly host: string;
  readonly store: MessageStore;
  readonly log: Log;
  /** Largest message taken, in bytes. Default 2 MiB. */
  readonly maxBytes?: number | undefined;
}

export interface RunningSmtp {
  readonly port: number;
  readonly url: string;
  /** Stops taking connections; a client still connected is let go after a second. */
  close(): Promise<void>;
}

/**
 * An SMTP server for development: no login and no TLS (it listens on loopback only), every message kept in the
 * store. Logs say that a message came and how large it was, never who wrote it or what it says.
 */
export async function startSmtp(options: SmtpOptions): Promise<RunningSmtp> {
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const server = new SMTPServer({
    name: 'brevlada.localhost',
    banner: 'Brygga example mailbox (development only)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    disableReverseLookup: true,
    logger: false,
    // The dev stack stops in seconds; a client still connected must not hold it for the default 30.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      // smtp-server only marks an oversized message (sizeExceeded) and keeps passing its data, so the limit is kept
      // here: once over it, what was gathered is dropped and the rest is read and let go.
      let chunks: Buffer[] = [];
      let held = 0;
      let heldAtMost = 0;
      let tooLarge = false;
      stream.on('data', (chunk: Buffer) => {
        if (tooLarge) return;
        if (stream.sizeExceeded || held + chunk.length > maxBytes) {
          tooLarge = true;
          chunks = [];
          held = 0;
          return;
        }
        chunks.push(chunk);
        held += chunk.length;
        heldAtMost = Math.max(heldAtMost, held);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (tooLarge || stream.sizeExceeded) {
          const error = Object.assign(new Error('Message too large for this mailbox'), { responseCode: 552 });
          // heldBytes: the most this message held at once (never more than the limit), for tests.
          options.log('message_refused', { reason: 'too_large', heldBytes: heldAtMost });
          return callback(error);
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }).then(
          (parsed) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of parsed.headers) {
              if (name.startsWith('x-brygga-') || name === 'auto-submitted') headers[name] = String(value);
            }
            const stored = options.store.add({
              receivedAt: new Date().toISOString(),
              envelope: {
                from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
                to: session.envelope.rcptTo.map((recipient) => recipient.address),
              },
              messageId: parsed.messageId,
              subject: parsed.subject ?? '',
              from: addresses(parsed.from),
              to: addresses(parsed.to),
              replyTo: parsed.replyTo === undefined ? undefined : addresses(parsed.replyTo),
              date: parsed.date?.toISOString(),
              headers,
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : undefined,
              size: raw.length,
            });
            options.log('message_received', { id: stored.id, bytes: raw.length });
            callback(null, `Message ${stored.id} kept in the example mailbox`);
          },
          (error: unknown) => {
            options.log('message_unreadable', { error: error instanceof Error ? error.name : 'unknown' });
            callback(Object.assign(new Error('The message could not be read'), { responseCode: 554 }));
          },
        );
      });
    },
  });
  server.on('error', (error: NodeJS.ErrnoException) =>
    options.log('smtp_error', { code: error.code ?? error.name }),
  );
  await new Promise<void>((resolve, reject) => {
    const listening = server.listen(options.port, options.host, () => {
      listening.off('error', reject);
      resolve();
    });
    listening.once('error', reject);
  });
  const port = (server.server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `smtp://${options.host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((each) => each.text).join(', ');
}
