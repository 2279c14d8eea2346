import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** Who logged in, when the server asked for it. */
  readonly user: string | undefined;
  readonly parsed: ParsedMail;
  readonly raw: string;
}

export interface SmtpPeer {
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Resolves when `count` messages have arrived in all (bounded by the test's own time limit). */
  waitFor(count: number): Promise<readonly ReceivedMail[]>;
  close(): Promise<void>;
}

export interface PeerOptions {
  /** Accept these credentials only; without it, no AUTH at all. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Answer the message's data with this error instead of taking it (e.g. 451 or 554), the first `times` times. */
  readonly refuseData?: { readonly responseCode: number; readonly message: string; readonly times?: number };
  readonly server?: Partial<SMTPServerOptions>;
}

/** A real SMTP server on 127.0.0.1, port 0, that keeps what it gets, for the adapter to talk to. */
export async function startSmtpPeer(options: PeerOptions = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const { credentials } = options;
  let refusalsLeft = options.refuseData?.times ?? Number.POSITIVE_INFINITY;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 500,
    ...(credentials
      ? {
          // No TLS here: the test proves the login, and that without requireTls: false none is tried in the clear.
          disabledCommands: ['STARTTLS'],
          allowInsecureAuth: true,
          onAuth(auth, _session, callback) {
            if (auth.username === credentials.username && auth.password === credentials.password) {
              callback(null, { user: auth.username });
            } else {
              callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
            }
          },
        }
      : { authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'] }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (options.refuseData && refusalsLeft > 0) {
          refusalsLeft -= 1;
          callback(
            Object.assign(new Error(options.refuseData.message), {
              responseCode: options.refuseData.responseCode,
            }),
          );
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
            },
            user: session.user as string | undefined,
            parsed,
            raw: raw.toString('utf8'),
          });
          for (const wake of waiters.splice(0)) wake();
          callback();
        }, callback);
      });
    },
    ...options.server,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count) {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
