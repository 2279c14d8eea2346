import type { buildConnector } from 'undici';

export interface MutualTlsOptions {
  /** The adapter's client certificate chain (PEM). */
  readonly cert: string | Buffer;
  /** Its private key (PEM). */
  readonly key: string | Buffer;
  /** The CA(s) the business system's server certificate must chain to (PEM); default: Node's public roots. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** The name to check the server certificate against, when it differs from the URL's host. */
  readonly servername?: string;
  readonly passphrase?: string;
}

/**
 * The `connect` option of an undici `Agent`/`Pool` that authenticates the adapter with a client certificate.
 * Verification of the server is never switched off here: a business system on a private CA passes `ca`.
 *
 * @example new Agent({ connect: mutualTls({ cert, key, ca }) })
 */
export function mutualTls(options: MutualTlsOptions): buildConnector.BuildOptions {
  if (!options.cert || !options.key) throw new TypeError('mutualTls needs a client certificate and its key.');
  return {
    cert: options.cert,
    key: options.key,
    ...(options.ca === undefined ? {} : { ca: options.ca as string | Buffer | (string | Buffer)[] }),
    ...(options.servername === undefined ? {} : { servername: options.servername }),
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
    rejectUnauthorized: true,
  };
}
