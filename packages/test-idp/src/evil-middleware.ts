import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import {
  type EvilCase,
  evilAuthorizationResponse,
  evilIdTokenClaims,
  evilSigning,
  evilUserinfo,
} from './evil.ts';
import { type JwsSigner, jwtPayload, signJwt } from './jwt.ts';
import type { KeyRing } from './key-ring.ts';

export interface EvilMiddlewareDeps {
  readonly ring: KeyRing;
  /** The evil case for a client right now, if any. */
  readonly evilFor: (
    clientId: string,
    clientMetadata: Readonly<Record<string, unknown>>,
  ) => EvilCase | undefined;
  readonly now?: () => number;
}

type Next = () => Promise<unknown>;

/**
 * A post-processor around oidc-provider's own responses: oidc-provider refuses to produce a wrong token, so
 * evil mode changes its output after the fact. It also publishes and signs with keys added by a rotation,
 * which oidc-provider's fixed keystore cannot.
 */
export function evilMiddleware(deps: EvilMiddlewareDeps) {
  const { ring } = deps;
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  // One foreign key per IdP: "signed, but not by a published key".
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  return async function evilPostProcessor(ctx: KoaContextWithOIDC, next: Next): Promise<void> {
    await next();
    const route = ctx.oidc?.route;
    if (route === 'jwks' && ctx.status === 200) {
      ctx.body = ring.publicJwks();
      return;
    }
    const client = ctx.oidc?.client;
    if (client === undefined) return;
    const metadata = client as unknown as Record<string, unknown>;
    const evil = deps.evilFor(client.clientId, metadata);

    if (route === 'token' && ctx.status === 200) {
      const body = ctx.body as Record<string, unknown> | undefined;
      const idToken = body?.id_token;
      if (typeof idToken !== 'string' || (evil === undefined && ring.current === ring.initial)) return;
      const claims = jwtPayload(idToken);
      const tampered = evil
        ? evilIdTokenClaims(evil, claims, { clientId: client.clientId, now: now() })
        : claims;
      ctx.body = {
        ...body,
        id_token: signJwt(tampered, signerFor(evil, ring, foreign, client.clientSecret)),
      };
      return;
    }
    if (evil === undefined) return;
    if (route === 'userinfo' && ctx.status === 200 && typeof ctx.body === 'object' && ctx.body !== null) {
      ctx.body = evilUserinfo(evil, ctx.body as Record<string, unknown>);
      return;
    }
    if ((route === 'authorization' || route === 'resume') && ctx.status >= 300 && ctx.status < 400) {
      const location = ctx.response.get('location');
      // Relative redirects are oidc-provider's own (to the login page); only the one back to the client counts.
      if (!location || !URL.canParse(location)) return;
      const url = new URL(location);
      if (!url.searchParams.has('code') && !url.searchParams.has('error')) return;
      ctx.redirect(evilAuthorizationResponse(evil, url).href);
    }
  };
}

function signerFor(
  evil: EvilCase | undefined,
  ring: KeyRing,
  foreign: import('node:crypto').KeyObject,
  clientSecret: string | undefined,
): JwsSigner {
  const current: JwsSigner = { alg: 'RS256', key: ring.current.privateKey, kid: ring.current.kid };
  switch (evil === undefined ? 'normal' : evilSigning(evil)) {
    case 'foreignKey':
      return { alg: 'RS256', key: foreign, kid: ring.current.kid };
    case 'foreignKeyUnknownKid':
      return { alg: 'RS256', key: foreign, kid: randomBytes(8).toString('base64url') };
    case 'none':
      return { alg: 'none' };
    case 'hs256ClientSecret':
      // A client without a secret gets a secret nobody knows, which is just as wrong.
      return { alg: 'HS256', secret: clientSecret ?? randomBytes(32).toString('base64url') };
    default:
      return current;
  }
}
