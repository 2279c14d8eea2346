import { createHmac, createPublicKey, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EvilCase, scopes, startTestIdp, type TestIdp } from '../src/index.ts';
import { Browser, formAction, radioValues, selectedOption } from './browser.ts';

/**
 * Evil mode, key rotation and the back-channel logout trigger, seen from a relying party (openid-client 6)
 * and from the raw tokens: each evil case must reach the wire exactly as named.
 */

const callback = 'http://127.0.0.1:65001/auth/callback';
const secret = 'evil-client-secret';
let idp: TestIdp;
let receiver: Server;
const logoutTokens: string[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (token) logoutTokens.push(token);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  idp = await startTestIdp({
    clients: [
      {
        client_id: 'rp',
        client_secret: secret,
        redirect_uris: [callback],
        backchannel_logout_uri: `http://127.0.0.1:${port}/bcl`,
        backchannel_logout_session_required: true,
      },
      { client_id: 'rp-always-evil', client_secret: secret, redirect_uris: [callback], evil: 'wrongIss' },
    ],
  });
});

afterEach(() => idp.setEvil(undefined));
afterAll(async () => {
  await idp?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

/** Logs in as the first test person and returns the callback and what openid-client needs to finish. */
async function login(clientId = 'rp', person = 0) {
  const config = await oidc.discovery(
    new URL(idp.issuer),
    clientId,
    undefined,
    oidc.ClientSecretBasic(secret),
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const browser = new Browser();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callback,
    scope: `openid ${scopes.naturalPersonNumber}`,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const origin = new URL(idp.url).origin;
  const page = await browser.follow(url, origin);
  const html = await page.response.text();
  const done = await browser.follow(new URL(formAction(html), page.at), origin, {
    form: {
      person: radioValues(html, 'person')[person] ?? '',
      outcome: 'success',
      acr: selectedOption(html) ?? '',
    },
  });
  if (!done.left) throw new Error('the login did not return to the client');
  return { config, callbackUrl: done.left, verifier, state, nonce };
}

type Login = Awaited<ReturnType<typeof login>>;

function grant(started: Login) {
  return oidc.authorizationCodeGrant(started.config, started.callbackUrl, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
}

/** The raw token response, as an RP that does its own checks sees it. */
async function rawIdToken(started: Login): Promise<string> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`rp:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: started.callbackUrl.searchParams.get('code') ?? '',
      redirect_uri: callback,
      code_verifier: started.verifier,
    }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id_token: string }).id_token;
}

/** The claim or response attribute openid-client (oauth4webapi) names somewhere in the cause chain of its refusal. */
async function refusedClaim(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    for (let at: unknown = error; at instanceof Error; at = at.cause) {
      const details = at.cause as { claim?: unknown; attribute?: unknown } | undefined;
      const claim = details?.claim ?? details?.attribute;
      if (typeof claim === 'string') return claim;
    }
    throw error;
  }
  return 'accepted';
}

function decode(token: string) {
  const [header = '', payload = ''] = token.split('.');
  const part = (text: string) =>
    JSON.parse(Buffer.from(text, 'base64url').toString()) as Record<string, unknown>;
  return { header: part(header), payload: part(payload) };
}

/** Verifies an RS256 token against the IdP's published JWKS; false when no published key verifies it. */
async function verifiesWithJwks(token: string): Promise<boolean> {
  const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: Record<string, unknown>[] };
  const [header = '', payload = '', signature = ''] = token.split('.');
  const { kid } = decode(token).header;
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (jwk === undefined) return false;
  const key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  return verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
}

describe('evil mode', () => {
  it('leaves a login alone until told, and openid-client accepts it', async () => {
    const tokens = await grant(await login());
    expect(tokens.claims()?.sub).toBeTypeOf('string');
  });

  it('signs as each signature case names it', async () => {
    const cases: [EvilCase, (token: string) => Promise<void>][] = [
      ['badSignature', async (t) => expect(await verifiesWithJwks(t)).toBe(false)],
      [
        'unknownKid',
        async (t) => {
          expect(await verifiesWithJwks(t)).toBe(false);
          expect(decode(t).header.alg).toBe('RS256');
        },
      ],
      [
        'algNone',
        async (t) => {
          expect(decode(t).header.alg).toBe('none');
          expect(t.endsWith('.')).toBe(true);
        },
      ],
      [
        'hs256ClientSecret',
        async (t) => {
          expect(decode(t).header.alg).toBe('HS256');
          const [header, payload, signature] = t.split('.');
          const mac = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
          expect(signature).toBe(mac);
        },
      ],
    ];
    for (const [evil, check] of cases) {
      idp.setEvil(evil, 'rp');
      await check(await rawIdToken(await login()));
    }
    idp.setEvil(undefined, 'rp');
    expect(await verifiesWithJwks(await rawIdToken(await login()))).toBe(true);
  });

  it('makes openid-client refuse a nonce mismatch, another iss in the redirect, and a UserInfo sub mismatch', async () => {
    idp.setEvil('nonceMismatch');
    expect(await refusedClaim(grant(await login()))).toBe('nonce');
    idp.setEvil('wrongAuthorizationIss');
    const refused = await grant(await login()).catch((error: unknown) => error);
    expect(String((refused as Error).cause)).toContain('unexpected "iss" (issuer) response parameter value');
    idp.setEvil('userinfoSubMismatch');
    const started = await login();
    const tokens = await grant(started);
    const sub = tokens.claims()?.sub ?? '';
    expect(await refusedClaim(oidc.fetchUserInfo(started.config, tokens.access_token, sub))).toBe('sub');
  });

  it('applies a client option to every login of that client, re-signed with a valid signature', async () => {
    const started = await login('rp-always-evil');
    const response = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`rp-always-evil:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: started.callbackUrl.searchParams.get('code') ?? '',
        redirect_uri: callback,
        code_verifier: started.verifier,
      }),
    });
    const { id_token: token } = (await response.json()) as { id_token: string };
    expect(decode(token).payload.iss).toBe('https://evil.example');
    expect(await verifiesWithJwks(token)).toBe(true);
  });
});

describe('key rotation', () => {
  it('signs with the new key and keeps the old one in the JWKS', async () => {
    const before = decode(await rawIdToken(await login())).header.kid;
    const response = await fetch(`${idp.url}/test-idp/rotate-keys`, { method: 'POST' });
    const { kid } = (await response.json()) as { kid: string };
    expect(kid).not.toBe(before);
    const token = await rawIdToken(await login());
    expect(decode(token).header.kid).toBe(kid);
    expect(await verifiesWithJwks(token)).toBe(true);
    const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([before, kid]));
    // openid-client, which checks nothing about the key itself here, still completes the login.
    expect((await grant(await login())).claims()?.sub).toBeTypeOf('string');
  });

  it('has buttons for the admin actions on the home page', async () => {
    const home = await (await fetch(`${idp.url}/`)).text();
    expect(home).toContain('action="/test-idp/rotate-keys"');
    expect(home).toContain('action="/test-idp/backchannel-logout"');
  });

  it('refuses an admin request posted from another site', async () => {
    const response = await fetch(`${idp.url}/test-idp/rotate-keys`, {
      method: 'POST',
      headers: { origin: 'https://attacker.example' },
    });
    expect(response.status).toBe(403);
  });
});

describe('back-channel logout trigger', () => {
  it('sends a logout token for the person, by API and by the admin endpoint, and ends the IdP session', async () => {
    // A person no other test logs in as, so "all of the person's sessions" is known here.
    const tokens = await grant(await login('rp', 1));
    const sub = tokens.claims()?.sub ?? '';
    const sid = String(tokens.claims()?.sid ?? '');
    const count = logoutTokens.length;
    const result = await idp.triggerBackchannelLogout({ sid });
    expect(result).toEqual({ sessions: 1, delivered: 1, failed: 0 });
    const payload = decode(logoutTokens.at(-1) ?? '').payload;
    expect(logoutTokens.length).toBe(count + 1);
    expect(payload).toMatchObject({ sub, sid });
    expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
    expect(await idp.triggerBackchannelLogout({ sid })).toEqual({ sessions: 0, delivered: 0, failed: 0 });

    await grant(await login('rp', 1));
    const response = await fetch(`${idp.url}/test-idp/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ accountId: sub }),
    });
    expect(await response.json()).toEqual({ sessions: 1, delivered: 1, failed: 0 });
    expect(decode(logoutTokens.at(-1) ?? '').payload.sub).toBe(sub);
  });

  it('asks for exactly one of accountId and sid', async () => {
    const response = await fetch(`${idp.url}/test-idp/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(response.status).toBe(400);
  });
});
