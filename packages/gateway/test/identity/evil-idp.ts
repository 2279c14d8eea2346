import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * A tiny, purpose-built OpenID provider for the relying-party security tests: it answers like a real one by
 * default and can be told to get any single thing wrong. Built on jose and node:http, so each deviation is one
 * line here rather than a mode of the test IdP. Never a model of how to write a provider.
 */

export const tolvan = '191212121212';
export const loa3 = 'http://id.elegnamnden.se/loa/1.0/loa3';
export const numberClaim = 'https://id.oidc.se/claim/personalIdentityNumber';

export interface TokenContext {
  readonly issuer: string;
  readonly clientId: string;
  readonly nonce: string | undefined;
  /** Epoch seconds. */
  readonly now: number;
}

export interface Signing {
  /** Default: RS256 with the current key and its kid. */
  readonly alg?: 'RS256' | 'ES256' | 'HS256' | 'none';
  /** `false` leaves `kid` out; a string sets it. */
  readonly kid?: string | false;
  /** Sign with a key the provider never published. */
  readonly foreignKey?: boolean;
  /** The shared secret for HS256. */
  readonly secret?: string;
  readonly typ?: string;
}

/** Everything a test can change about one login. */
export interface Behaviour {
  /** The claims of the ID token, from the defaults. */
  readonly idToken?: (claims: Record<string, unknown>, context: TokenContext) => Record<string, unknown>;
  readonly signing?: Signing;
  /** Leave the ID token out of the token response. */
  readonly noIdToken?: boolean;
  /** The redirect back: change or drop parameters (undefined drops). */
  readonly callback?: (params: Record<string, string | undefined>) => Record<string, string | undefined>;
  readonly userinfo?: (claims: Record<string, unknown>) => Record<string, unknown>;
}

export interface EvilIdp {
  readonly issuer: string;
  readonly fetches: { jwks: number; token: number };
  /** The behaviour of the next logins. */
  behave(behaviour: Behaviour): void;
  /** Publish a new key (old one too when `keepOld`), and sign with it from now on. */
  rotate(options?: { keepOld?: boolean; withoutKid?: boolean }): Promise<void>;
  /** Sends the browser's authorization request and returns where the provider redirects back to. */
  authorize(url: URL): Promise<URL>;
  /** A signed token with the current key, for back-channel logout tests. */
  sign(payload: Record<string, unknown>, signing?: Signing): Promise<string>;
  /** Posts a logout token to a relying party's back-channel logout endpoint. */
  close(): Promise<void>;
}

interface KeyEntry {
  readonly kid: string | undefined;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

interface Pending {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly nonce: string | undefined;
  readonly codeChallenge: string | undefined;
  readonly behaviour: Behaviour;
}

async function newKey(alg: 'RS256' | 'ES256', kid: string | undefined): Promise<KeyEntry> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg, use: 'sig', ...(kid ? { kid } : {}) };
  return { kid, privateKey, publicJwk };
}

export async function startEvilIdp(
  options: { metadata?: (metadata: Record<string, unknown>) => Record<string, unknown> } = {},
): Promise<EvilIdp> {
  let keys: KeyEntry[] = [await newKey('RS256', 'rsa-1'), await newKey('ES256', 'ec-1')];
  let current = keys[0] as KeyEntry;
  const foreign = { RS256: await newKey('RS256', 'rsa-1'), ES256: await newKey('ES256', 'ec-1') };
  let behaviour: Behaviour = {};
  const codes = new Map<string, Pending>();
  const accessTokens = new Map<string, Behaviour>();
  const fetches = { jwks: 0, token: 0 };
  let rotations = 1;

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function sign(payload: Record<string, unknown>, signing: Signing = {}): Promise<string> {
    const alg = signing.alg ?? 'RS256';
    const typ = signing.typ === undefined ? {} : { typ: signing.typ };
    if (alg === 'none') {
      const header = Buffer.from(JSON.stringify({ alg: 'none', ...typ })).toString('base64url');
      return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    }
    if (alg === 'HS256') {
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', ...typ })).toString('base64url');
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const mac = createHmac('sha256', signing.secret ?? '')
        .update(`${header}.${body}`)
        .digest('base64url');
      return `${header}.${body}.${mac}`;
    }
    const key =
      signing.foreignKey === true
        ? foreign[alg]
        : alg === 'RS256'
          ? current
          : (keys.find((entry) => entry.publicJwk.alg === 'ES256') as KeyEntry);
    const kid = signing.kid === false ? undefined : (signing.kid ?? key.kid);
    return new SignJWT(payload)
      .setProtectedHeader({ alg, ...(kid === undefined ? {} : { kid }), ...typ })
      .sign(key.privateKey);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', issuer);
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case '/.well-known/openid-configuration': {
        const metadata = {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          userinfo_endpoint: `${issuer}/userinfo`,
          end_session_endpoint: `${issuer}/logout`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256', 'ES256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
          authorization_response_iss_parameter_supported: true,
          backchannel_logout_supported: true,
          backchannel_logout_session_supported: true,
        };
        json(200, options.metadata ? options.metadata(metadata) : metadata);
        return;
      }
      case '/jwks':
        fetches.jwks += 1;
        json(200, { keys: keys.map((entry) => entry.publicJwk) });
        return;
      case '/authorize': {
        const redirectUri = url.searchParams.get('redirect_uri') ?? '';
        const code = randomBytes(16).toString('base64url');
        codes.set(code, {
          clientId: url.searchParams.get('client_id') ?? '',
          redirectUri,
          nonce: url.searchParams.get('nonce') ?? undefined,
          codeChallenge: url.searchParams.get('code_challenge') ?? undefined,
          behaviour,
        });
        const params: Record<string, string | undefined> = {
          code,
          state: url.searchParams.get('state') ?? undefined,
          iss: issuer,
        };
        const final = behaviour.callback ? behaviour.callback(params) : params;
        const back = new URL(redirectUri);
        for (const [name, value] of Object.entries(final))
          if (value !== undefined) back.searchParams.append(name, value);
        response.writeHead(302, { location: back.href }).end();
        return;
      }
      case '/token': {
        fetches.token += 1;
        const body = new URLSearchParams(await readBody(request));
        const pending = codes.get(body.get('code') ?? '');
        codes.delete(body.get('code') ?? '');
        if (pending === undefined) return json(400, { error: 'invalid_grant' });
        const verifier = body.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) {
          return json(400, { error: 'invalid_grant', error_description: 'PKCE' });
        }
        const now = Math.floor(Date.now() / 1000);
        const context = { issuer, clientId: pending.clientId, nonce: pending.nonce, now };
        const defaults: Record<string, unknown> = {
          iss: issuer,
          sub: 'upstream-subject-1',
          aud: pending.clientId,
          exp: now + 300,
          iat: now,
          auth_time: now,
          nonce: pending.nonce,
          acr: loa3,
          amr: ['mfa', 'swk', 'pin'],
          sid: 'upstream-session-1',
          [numberClaim]: tolvan,
        };
        const claims = pending.behaviour.idToken ? pending.behaviour.idToken(defaults, context) : defaults;
        const accessToken = randomBytes(16).toString('base64url');
        accessTokens.set(accessToken, pending.behaviour);
        json(200, {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 300,
          ...(pending.behaviour.noIdToken
            ? {}
            : { id_token: await sign(clean(claims), pending.behaviour.signing) }),
        });
        return;
      }
      case '/userinfo': {
        const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
        const tokenBehaviour = accessTokens.get(token);
        if (tokenBehaviour === undefined) return json(401, { error: 'invalid_token' });
        const claims = { sub: 'upstream-subject-1', [numberClaim]: tolvan };
        json(200, tokenBehaviour.userinfo ? tokenBehaviour.userinfo(claims) : claims);
        return;
      }
      default:
        response.writeHead(404).end();
    }
  }

  return {
    issuer,
    fetches,
    behave(next) {
      behaviour = next;
    },
    async rotate(rotation = {}) {
      rotations += 1;
      const next = await newKey('RS256', rotation.withoutKid ? undefined : `rsa-${rotations}`);
      keys = rotation.keepOld ? [next, ...keys] : [next];
      current = next;
    },
    async authorize(url) {
      const response = await fetch(url, { redirect: 'manual' });
      await response.body?.cancel();
      return new URL(response.headers.get('location') ?? '');
    },
    sign,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Undefined members are dropped, so a behaviour removes a claim by setting it to undefined. */
function clean(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}
