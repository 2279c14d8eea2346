import { createHash, timingSafeEqual } from 'node:crypto';
import type { EServiceConfig } from '../config/index.ts';
import type { ResolveCaller } from './caller.ts';

/** What the challenge of a 401 from the temporary resolver says. */
export const basicChallenge = 'Basic realm="brygga", charset="UTF-8"';

interface Credential {
  readonly eServiceId: string;
  readonly secretDigest: Buffer;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
// Compared against when the client id is unknown, so a wrong id takes as long as a wrong secret.
const unknownClient = digest('brygga: no such client');

/**
 * TEMPORARY, until the access tokens of the identity work replace it: an e-service authenticates contract calls
 * with HTTP Basic, its configured client id and client secret (`client_secret_basic`/`_post` e-services only;
 * `private_key_jwt` ones cannot use this). Secrets are compared as SHA-256 digests with `timingSafeEqual`, so
 * the time taken says nothing about the secret or its length.
 * Client id and secret are form-urlencoded first, as for OAuth client authentication (RFC 6749 §2.3.1).
 */
export function basicCredentialsCaller(eServices: readonly EServiceConfig[]): ResolveCaller {
  const byClientId = new Map<string, Credential>();
  for (const eService of eServices) {
    const { client } = eService;
    if ('clientSecret' in client) {
      byClientId.set(client.clientId, { eServiceId: eService.id, secretDigest: digest(client.clientSecret) });
    }
  }
  return function resolveBasicCaller(c) {
    const parsed = parseBasic(c.req.header('authorization'));
    if (!parsed) return undefined;
    const credential = byClientId.get(parsed.clientId);
    const matches = timingSafeEqual(digest(parsed.secret), credential?.secretDigest ?? unknownClient);
    return credential && matches ? { eServiceId: credential.eServiceId } : undefined;
  };
}

/** `Basic base64(id:secret)` → its two parts; undefined for anything malformed. Pure. */
export function parseBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const clientId = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return clientId === undefined || secret === undefined || secret === '' ? undefined : { clientId, secret };
}

function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
