import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, formAction } from './browser.ts';
import { type EvilIdp, startEvilIdp } from './evil-idp.ts';
import { freePort, type Stack, startStack } from './stack.ts';

/**
 * Behind https (a TLS-terminating proxy in front of the gateway, stood in for by rewriting https to http in the
 * test browser): the cookie rules of the brief, HSTS, and page policies.
 */

const eServiceOrigin = 'http://127.0.0.1:65030';
let idp: EvilIdp;
let other: EvilIdp;
let stack: Stack;
let publicUrl: string;
let httpUrl: string;
let host: string;

beforeAll(async () => {
  idp = await startEvilIdp();
  other = await startEvilIdp();
  const port = await freePort();
  host = `127.0.0.1:${port}`;
  publicUrl = `https://${host}`;
  httpUrl = `http://${host}`;
  stack = await startStack({
    port,
    publicUrl,
    providers: [
      { id: 'first', name: 'BankID', issuer: idp.issuer, clientId: 'gateway-client' },
      { id: 'second', name: 'Freja eID', issuer: other.issuer, clientId: 'gateway-client' },
    ],
    eServices: [
      { id: 'one', clientId: 'one-client', redirectUri: `${eServiceOrigin}/callback`, providers: ['first'] },
      {
        id: 'two',
        clientId: 'two-client',
        redirectUri: `${eServiceOrigin}/callback`,
        providers: ['first', 'second'],
      },
    ],
  });
});

afterAll(async () => {
  await stack?.close();
  await idp?.close();
  await other?.close();
});

const behindProxy = () =>
  new Browser({
    rewrite: (url) => (url.origin === publicUrl ? new URL(url.href.replace(publicUrl, httpUrl)) : url),
  });

async function authorizeUrl(clientId: string): Promise<URL> {
  const url = new URL('/oidc/auth', publicUrl);
  const verifier = oidc.randomPKCECodeVerifier();
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: `${eServiceOrigin}/callback`,
    response_type: 'code',
    scope: 'openid',
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url;
}

function attributes(line: string): Map<string, string> {
  const [, ...parts] = line.split(';');
  return new Map(
    parts.map((part) => {
      const [name = '', value = ''] = part.trim().split('=');
      return [name.toLowerCase(), value.toLowerCase()];
    }),
  );
}

describe('behind https', () => {
  it('sets only __Host- or __Secure- cookies, Secure, HttpOnly, SameSite=Lax, small', async () => {
    idp.behave({});
    const browser = behindProxy();
    const done = await browser.follow(await authorizeUrl('one-client'), {
      stop: (url) => url.origin === eServiceOrigin,
    });
    expect(
      done.stopped?.searchParams.has('code'),
      `${done.at.href} ${done.response.status} ${browser.urls.join(' ')} ${done.body.slice(0, 300)}`,
    ).toBe(true);
    const fromGateway = browser.setCookies.filter(
      (line) => !line.includes('Max-Age=0') && !line.includes('1970'),
    );
    const names = new Set(fromGateway.map((line) => line.slice(0, line.indexOf('='))));
    expect(names).toEqual(
      new Set([
        '__Secure-brygga-interaction',
        '__Secure-brygga-interaction.sig',
        '__Secure-brygga-resume',
        '__Secure-brygga-resume.sig',
        '__Host-brygga-login',
        '__Host-brygga-session',
        '__Host-brygga-session.sig',
      ]),
    );
    for (const line of fromGateway) {
      expect(line.length).toBeLessThanOrEqual(4096);
      const attrs = attributes(line);
      expect(attrs.has('secure'), line).toBe(true);
      expect(attrs.has('httponly'), line).toBe(true);
      expect(attrs.get('samesite'), line).toBe('lax');
      expect(attrs.has('domain'), line).toBe(false);
      if (line.startsWith('__Host-')) expect(attrs.get('path'), line).toBe('/');
    }
    // The login-transaction cookie lives as long as a login may take, and is cleared when it returns.
    const login = fromGateway.find((line) => line.startsWith('__Host-brygga-login=')) ?? '';
    expect(attributes(login).get('max-age')).toBe('600');
    expect(browser.setCookies.some((line) => /^__Host-brygga-login=;.*Max-Age=0/.test(line))).toBe(true);
  });

  it('sends HSTS, no-store and a strict policy on its pages, with form-action naming only where forms lead', async () => {
    const browser = behindProxy();
    const page = await browser.follow(await authorizeUrl('two-client'), {
      stop: (url) => url.origin === eServiceOrigin,
    });
    expect(page.at.pathname).toMatch(/^\/login\//);
    const headers = page.response.headers;
    expect(headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain(`form-action 'self' ${idp.issuer} ${other.issuer};`);
    // The OpenID Provider's own responses carry the same headers, though it answers outside Hono.
    const discovery = await fetch(`${httpUrl}/oidc/.well-known/openid-configuration`);
    expect(discovery.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(discovery.headers.get('x-content-type-options')).toBe('nosniff');
    const metadata = (await discovery.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(`${publicUrl}/oidc`);
    expect(metadata.authorization_endpoint).toBe(`${publicUrl}/oidc/auth`);
    expect(metadata.subject_types_supported).toEqual(['pairwise']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.userinfo_endpoint).toBeUndefined();
  });

  it('takes the choice only as a POST from its own page, and sends the citizen to the chosen provider', async () => {
    const browser = behindProxy();
    const page = await browser.follow(await authorizeUrl('two-client'), {
      stop: (url) => url.origin === eServiceOrigin,
    });
    const action = new URL(formAction(page.body), page.at);
    const forged = await browser.request(action, {
      form: { provider: 'second' },
      headers: { origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.response.status).toBe(403);
    const { response } = await browser.request(action, {
      form: { provider: 'second' },
      headers: { origin: publicUrl },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')?.startsWith(`${other.issuer}/authorize?`)).toBe(true);
    const unknown = await browser.request(action, {
      form: { provider: 'not-configured' },
      headers: { origin: publicUrl },
    });
    expect(unknown.response.status).toBe(500);
    expect(unknown.body).toContain('Inloggningen är inte rätt inställd');
  });
});
