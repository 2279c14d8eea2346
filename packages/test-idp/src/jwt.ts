import { createHmac, type KeyObject, sign } from 'node:crypto';

/**
 * Compact JWS for the few tokens this IdP re-signs itself (evil mode, keys added after start). node:crypto is
 * enough for RS256, HS256 and `none`; nothing here verifies anything.
 */
export type JwsSigner =
  | { readonly alg: 'RS256'; readonly key: KeyObject; readonly kid?: string }
  | { readonly alg: 'HS256'; readonly secret: string }
  | { readonly alg: 'none' };

export function signJwt(payload: Readonly<Record<string, unknown>>, signer: JwsSigner): string {
  const header: Record<string, string> = { alg: signer.alg, typ: 'JWT' };
  if (signer.alg === 'RS256' && signer.kid !== undefined) header.kid = signer.kid;
  const input = `${part(header)}.${part(payload)}`;
  switch (signer.alg) {
    case 'RS256':
      return `${input}.${sign('sha256', Buffer.from(input), signer.key).toString('base64url')}`;
    case 'HS256':
      return `${input}.${createHmac('sha256', signer.secret).update(input).digest('base64url')}`;
    case 'none':
      return `${input}.`;
  }
}

/** The payload of a compact JWS, unverified (the IdP only reads tokens it issued itself a moment ago). */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new TypeError('not a compact JWS');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
