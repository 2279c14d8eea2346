import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../../test/fixtures/capture-logs.ts';
import { type EvilIdp, startEvilIdp, tolvan } from '../../../test/identity/evil-idp.ts';
import { eServiceSecret, freePort, gatewayConfig, identityEnv } from '../../../test/identity/stack.ts';
import { memoryCaseSystem } from '../../contracts/memory-adapter.test-support.ts';
import { type RunningGateway, startGateway } from '../../runtime/gateway.ts';
import { canonicalProviderPath } from '../downstream/mount.ts';
import { defaultLoginRateLimits } from './login.ts';

// The login endpoints' brakes and origin checks, through the whole gateway on a real socket (the client
// address is the socket's), with the default limits; and proof that no identity header a client sends is
// taken for a citizen. The floods below are thousands of requests (each refused login an audit record): they get
// a minute, not the default five seconds, on a busy machine.

const eServiceOrigin = 'http://127.0.0.1:65021';
const caseSystem = memoryCaseSystem();

let idp: EvilIdp;
let gateway: RunningGateway;
let dir: string;
let base: string;

beforeAll(async () => {
  idp = await startEvilIdp();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dir = mkdtempSync(join(tmpdir(), 'brygga-login-hardening-'));
  const config = gatewayConfig(
    {
      port,
      dir,
      providers: [{ id: 'evil', name: 'BankID', issuer: idp.issuer, clientId: 'gateway-client' }],
      eServices: [
        {
          id: 'svc',
          clientId: 'svc-client',
          redirectUri: `${eServiceOrigin}/callback`,
          postLogoutRedirectUri: `${eServiceOrigin}/bye`,
          providers: ['evil'],
        },
      ],
    },
    identityEnv(),
  );
  gateway = await startGateway(config, {
    logger: captureLogs('info').logger,
    contracts: {
      adapters: (system, contract) =>
        system === 'arende' && contract === 'case-management'
          ? { adapter: caseSystem.adapter, timeoutMs: 2_000 }
          : undefined,
    },
  });
});

afterAll(async () => {
  await gateway?.close('test over');
  await idp?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** A POST from a chosen loopback address, so one test can be two clients. */
function post(
  path: string,
  body: string,
  headers: Record<string, string>,
  localAddress = '127.0.0.1',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('rate limits on the login endpoints', () => {
  it('let a token request through with its body intact, for oidc-provider to read', async () => {
    const granted = await post('/oidc/token', 'grant_type=client_credentials&scope=case-management', {
      authorization: basic('svc-client', eServiceSecret),
    });
    expect(granted.status).toBe(200);
    expect(JSON.parse(granted.body)).toHaveProperty('access_token');
    // The client id read from the body by the limiter still reaches oidc-provider in full.
    const posted = await post('/oidc/token', 'grant_type=client_credentials&client_id=svc-client', {});
    expect(posted.status).toBe(401);
    expect(JSON.parse(posted.body).error_description).not.toMatch(/no client authentication/);
  });

  it('answer 429 rate_limited with Retry-After once an address used its burst of browser steps', async () => {
    const rule = defaultLoginRateLimits.browserPerAddress;
    const spent = await untilRefused(rule.burst + 1000, () =>
      fetch(`${base}/auth/callback?state=x`, { redirect: 'manual' }),
    );
    expect(spent.allowed).toBeGreaterThanOrEqual(rule.burst);
    expect([...spent.statuses]).toEqual([400]);
    const refused = spent.refused;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await refused.json()) as { code: string }).code).toBe('rate_limited');
    // The same bucket covers the other login steps, oidc-provider's (mounted after the login routes) too: at
    // most what refilled meanwhile gets through.
    const paths = ['/login/abc', '/oidc/session/end', '/oidc/auth', '/oidc/auth/abc', '/auth/callback'];
    const started = Date.now();
    const refusedBy = new Map<string, number>();
    for (let round = 0; round < 10; round += 1) {
      for (const path of paths) {
        const status = (await fetch(`${base}${path}`, { redirect: 'manual' })).status;
        if (status === 429) refusedBy.set(path, (refusedBy.get(path) ?? 0) + 1);
      }
    }
    const refilled = tokensIn(rule.perMinute, Date.now() - started);
    for (const path of paths) expect(refusedBy.get(path) ?? 0, path).toBeGreaterThanOrEqual(10 - refilled);
    // Not a brake on everything: discovery and health are not login steps.
    expect((await fetch(`${base}/oidc/.well-known/openid-configuration`)).status).toBe(200);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  }, 60_000);

  it('count token requests per address, and per registered e-service at each address', async () => {
    const rule = defaultLoginRateLimits.tokenPerClient;
    // A stranger who knows svc-client's id floods the token endpoint with guessed secrets…
    const wrong = { authorization: basic('svc-client', 'wrong-secret') };
    const spent = await untilRefused(rule.burst + 1000, async () => {
      const res = await post('/oidc/token', 'grant_type=client_credentials', wrong);
      return { status: res.status, res };
    });
    expect([...spent.statuses]).toEqual([401]);
    expect(spent.refused.res.headers['retry-after']).toBeDefined();
    expect(JSON.parse(spent.refused.res.body).code).toBe('rate_limited');
    const started = Date.now();
    // …which does not lock the real svc-client, at its own address, out of its tokens.
    const other = '127.0.0.2';
    const real = { authorization: basic('svc-client', eServiceSecret) };
    const asSvc = await statuses(10, () =>
      post('/oidc/token', 'grant_type=client_credentials&scope=case-management', real, other),
    );
    expect(asSvc).toEqual(Array(10).fill(200));
    // Another client id from there is not held up either.
    const unknown = { authorization: basic('nobody', 'x') };
    const asNobody = await statuses(10, () =>
      post('/oidc/token', 'grant_type=client_credentials', unknown, other),
    );
    expect(asNobody).toEqual(Array(10).fill(401));
    // The flooding address has spent its own buckets, whatever client it names.
    const svcFirst = await statuses(10, () => post('/oidc/token', 'grant_type=client_credentials', real));
    const nobodyFirst = await statuses(10, () =>
      post('/oidc/token', 'grant_type=client_credentials', unknown),
    );
    const refilled = tokensIn(rule.perMinute, Date.now() - started);
    expect(count(svcFirst, 429)).toBeGreaterThanOrEqual(10 - refilled);
    expect(count(nobodyFirst, 429)).toBeGreaterThanOrEqual(10 - refilled);
  }, 60_000);
});

/** Requests until the first 429 (at most `limit`), what came before it, and the 429 itself. */
async function untilRefused<T extends { status: number }>(limit: number, send: () => Promise<T>) {
  const statuses = new Set<number>();
  for (let allowed = 0; allowed < limit; allowed += 1) {
    const res = await send();
    if (res.status === 429) return { allowed, statuses, refused: res };
    statuses.add(res.status);
  }
  throw new Error(`no 429 after ${limit} requests`);
}

async function statuses(n: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < n; i += 1) seen.push((await send()).status);
  return seen;
}

const count = (values: readonly number[], value: number) => values.filter((each) => each === value).length;

/** The most tokens a bucket can have regained in `ms` (one more for a refill landing mid-request). */
const tokensIn = (perMinute: number, ms: number) => Math.floor((ms * perMinute) / 60_000) + 1;

describe('other spellings of oidc-provider paths', () => {
  // oidc-provider's router ignores case and a trailing '/', the guards in front of it do not: any spelling but
  // the exact one would reach the provider with no rate limit or origin check, so the gateway answers 404.
  it('are answered 404 not_found before the token endpoint or the logout confirmation sees them', async () => {
    const wrong = { authorization: basic('svc-client', 'wrong-secret') };
    for (const path of ['/oidc/TOKEN', '/oidc/Token', '/oidc/token/', '/oidc/token//']) {
      const res = await post(path, 'grant_type=client_credentials', wrong, '127.0.0.5');
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body).code, path).toBe('not_found');
    }
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    for (const path of [
      '/oidc/session/end/confirm/',
      '/oidc/Session/End/Confirm',
      '/oidc/SESSION/end/confirm',
    ]) {
      const res = await post(path, 'xsrf=x&logout=yes', crossSite, '127.0.0.5');
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body).code, path).toBe('not_found');
    }
    for (const path of ['/oidc/AUTH', '/oidc/auth/', '/oidc/Auth/abc', '/oidc/session/END']) {
      expect((await fetch(`${base}${path}`, { redirect: 'manual' })).status, path).toBe(404);
    }
  });

  it('still reach the provider when spelt exactly, an uid in any case included', () => {
    for (const path of [
      '/token',
      '/auth',
      '/auth/AbC-d_9',
      '/session/end/confirm',
      '/.well-known/openid-configuration',
      '/jwks',
      '/',
    ]) {
      expect(canonicalProviderPath(path), path).toBe(true);
    }
    for (const path of [
      '/TOKEN',
      '/token/',
      '/Auth/abc',
      '/auth/abc/',
      '/auth/abc/X',
      '/session/end/Confirm',
    ]) {
      expect(canonicalProviderPath(path), path).toBe(false);
    }
  });
});

describe('state-changing requests from another site', () => {
  it('refuse the logout confirmation posted cross-site with a 403 page, and let a same-origin post reach oidc-provider', async () => {
    const refused = await post(
      '/oidc/session/end/confirm',
      'xsrf=x&logout=yes',
      {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      '127.0.0.3',
    );
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    const sameOrigin = await post(
      '/oidc/session/end/confirm',
      'xsrf=x&logout=yes',
      {
        origin: base,
        'sec-fetch-site': 'same-origin',
      },
      '127.0.0.3',
    );
    // oidc-provider's own answer (no session, bad xsrf), not the gateway's origin refusal.
    expect(sameOrigin.status).toBe(400);
    // What a browser sends from a page with `Referrer-Policy: no-referrer`: Origin null, vouched for by
    // Sec-Fetch-Site; without that voucher, null could be any sandboxed page.
    const nullOrigin = { origin: 'null' };
    const form = 'xsrf=x&logout=yes';
    const vouched = await post(
      '/oidc/session/end/confirm',
      form,
      { ...nullOrigin, 'sec-fetch-site': 'same-origin' },
      '127.0.0.3',
    );
    expect(vouched.status).toBe(400);
    expect((await post('/oidc/session/end/confirm', form, nullOrigin, '127.0.0.3')).status).toBe(403);
    const sameSite = { origin: base, 'sec-fetch-site': 'same-site' };
    expect((await post('/oidc/session/end/confirm', form, sameSite, '127.0.0.3')).status).toBe(403);
  });

  it('refuse a back-channel logout posted by a browser on another site with a forbidden problem', async () => {
    const refused = await post(
      '/auth/backchannel-logout',
      'logout_token=x',
      {
        'sec-fetch-site': 'cross-site',
      },
      '127.0.0.3',
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).code).toBe('forbidden');
    // A provider's server sends no Sec-Fetch-Site: its (bad) token is judged on its merits.
    const server = await post('/auth/backchannel-logout', 'logout_token=x', {}, '127.0.0.3');
    expect(server.status).toBe(400);
  });
});

describe('identity headers sent by a client', () => {
  it('are never taken for a citizen: the adapter context is built by the gateway alone', async () => {
    const granted = await post(
      '/oidc/token',
      'grant_type=client_credentials&scope=case-management',
      {
        authorization: basic('svc-client', eServiceSecret),
      },
      '127.0.0.4',
    );
    const { access_token: token } = JSON.parse(granted.body) as { access_token: string };
    const claimed = {
      'x-forwarded-user': tolvan,
      'x-remote-user': tolvan,
      'x-brygga-citizen': tolvan,
      'x-personnummer': tolvan,
      'x-personal-identity-number': tolvan,
      'x-ssn': tolvan,
      'x-auth-request-user': tolvan,
      'x-forwarded-preferred-username': tolvan,
      'brygga-citizen': tolvan,
    };
    const withHeaders = await fetch(`${base}/api/case-management/cases`, {
      headers: { authorization: `Bearer ${token}`, ...claimed },
    });
    // An e-service acting for no citizen cannot become one by saying so.
    expect(withHeaders.status).toBe(401);
    expect(((await withHeaders.json()) as { code: string }).code).toBe('unauthenticated');
    // Without a token, the headers alone do not make a caller either.
    const alone = await fetch(`${base}/api/case-management/cases`, { headers: claimed });
    expect(alone.status).toBe(401);
    expect(caseSystem.contexts).toEqual([]);
  });
});
