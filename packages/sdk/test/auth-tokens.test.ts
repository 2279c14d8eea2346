import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientCredentials,
  clientCredentialsTokenSource,
  discoverGateway,
  type GatewayAuth,
  handleCallback,
  refresh,
  startLogin,
} from '../src/auth/index.ts';
import { Browser, formAction, inputValues } from './support/browser.ts';
import { startTokenProvider, type TokenProvider, tokenClient } from './support/token-provider.ts';

/* refresh and client credentials against a real oidc-provider that issues both (see support/token-provider.ts). */

let provider: TokenProvider;
let auth: GatewayAuth;

beforeAll(async () => {
  provider = await startTokenProvider();
  auth = await discoverGateway({
    issuer: provider.issuer,
    clientId: tokenClient.clientId,
    clientSecret: tokenClient.clientSecret,
    redirectUri: tokenClient.redirectUri,
    allowInsecureHttp: true,
  });
});

afterAll(() => provider?.close());

/** Logs in through the provider's own login and consent pages; returns the callback URL. */
async function logIn(url: URL): Promise<URL> {
  const browser = new Browser();
  const origin = new URL(provider.issuer).origin;
  let step = await browser.follow(url, origin);
  for (let pages = 0; pages < 4 && !step.left; pages++) {
    const prompt = inputValues(step.page, 'prompt')[0];
    const fields: Record<string, string> =
      prompt === 'login' ? { prompt, login: 'citizen-1', password: 'any' } : { prompt: prompt ?? '' };
    step = await browser.follow(new URL(formAction(step.page), step.at), origin, fields);
  }
  if (!step.left) throw new Error('the login did not return to the e-service');
  return step.left;
}

describe('refresh', () => {
  it('exchanges a refresh token for new tokens', async () => {
    const { url, transaction } = await startLogin(auth, { scope: ['case-management'] });
    const { tokens } = await handleCallback(auth, await logIn(url), transaction);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const renewed = await refresh(auth, tokens.refreshToken ?? '');
    expect(renewed.accessToken).toEqual(expect.any(String));
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now());
  });

  it('fails for a token the provider does not know', async () => {
    await expect(refresh(auth, 'not-a-refresh-token')).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('clientCredentials', () => {
  it('gets a token for the backend itself, with the scopes asked for', async () => {
    const tokens = await clientCredentials(auth, { scope: ['case-management'] });
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.tokenType.toLowerCase()).toBe('bearer');
    expect(tokens.scope).toBe('case-management');
    expect(tokens.idToken).toBeUndefined();
  });

  it('reuses one token until shortly before it expires, sharing one request between concurrent callers', async () => {
    let now = Date.now();
    const token = clientCredentialsTokenSource(auth, {
      scope: ['case-management'],
      leewaySeconds: 30,
      now: () => now,
    });
    const [a, b] = await Promise.all([token(), token()]);
    expect(a).toBe(b);
    expect(await token()).toBe(a);
    now += 10 * 60 * 1000; // oidc-provider's client-credentials tokens live 10 minutes
    const c = await token();
    expect(c).not.toBe(a);
    expect(await token()).toBe(c);
  });
});

/** The provider as a gateway that leaves `fields` out of its token endpoint's answers (all optional in OAuth). */
async function authLeavingOut(fields: readonly string[]): Promise<GatewayAuth> {
  return discoverGateway({
    issuer: provider.issuer,
    clientId: tokenClient.clientId,
    clientSecret: tokenClient.clientSecret,
    redirectUri: tokenClient.redirectUri,
    allowInsecureHttp: true,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/token') || !response.ok) return response;
      const body = (await response.json()) as Record<string, unknown>;
      for (const field of fields) delete body[field];
      return Response.json(body, { status: response.status });
    },
  });
}

describe('tokens a gateway answers with less', () => {
  it('refresh keeps the refresh and ID token of the previous set when the answer leaves them out', async () => {
    const lean = await authLeavingOut(['refresh_token', 'id_token']);
    const { url, transaction } = await startLogin(lean, { scope: ['case-management'] });
    const { tokens } = await handleCallback(auth, await logIn(url), transaction);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.idToken).toEqual(expect.any(String));
    const renewed = await refresh(lean, tokens);
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.refreshToken).toBe(tokens.refreshToken);
    expect(renewed.idToken).toBe(tokens.idToken);
  });

  it('a token source assumes a short life when expires_in is missing, and can be told a token is spent', async () => {
    const lean = await authLeavingOut(['expires_in']);
    let now = Date.now();
    const token = clientCredentialsTokenSource(lean, {
      scope: ['case-management'],
      leewaySeconds: 0,
      now: () => now,
    });
    const a = await token();
    now += 59 * 1000;
    expect(await token()).toBe(a);
    now += 2 * 1000; // past the assumed 60 s
    const b = await token();
    expect(b).not.toBe(a);
    expect(await token()).toBe(b);
    token.invalidate(); // e.g. after a 401 with it
    const c = await token();
    expect(c).not.toBe(b);
  });
});
