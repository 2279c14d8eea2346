import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultTestPersons, RefusedInProductionError, startTestIdp, type TestIdp } from '../src/index.ts';

let idp: TestIdp;

beforeAll(async () => {
  idp = await startTestIdp({
    clients: [{ client_id: 'rp', client_secret: 'secret', redirect_uris: ['http://127.0.0.1:65000/cb'] }],
  });
});

afterAll(async () => {
  await idp?.close();
});

describe('the home page', () => {
  it('says what this is, in both languages, with the not-for-production banner', async () => {
    const response = await fetch(`${idp.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('class="banner" role="note"');
    expect(html).toContain('never in production');
    expect(html).toContain(`${idp.issuer}/.well-known/openid-configuration`);
  });
});

describe('errors on the login routes', () => {
  it('answers a login without its cookie with a problem document, no stack', async () => {
    const response = await fetch(`${idp.url}/interaction/not-a-login`, {
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ code: 'bad_request', status: 400, instance: '/interaction/not-a-login' });
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers a browser with a page in plain language instead', async () => {
    const response = await fetch(`${idp.url}/interaction/not-a-login`, {
      headers: { accept: 'text/html', 'accept-language': 'en' },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Inloggningen hittades inte');
    expect(html).toContain('lang="en">The login was not found');
    expect(html).toContain('class="banner"');
  });

  it('refuses other methods, other content types, and paths that are not a login', async () => {
    const put = await fetch(`${idp.url}/interaction/abc`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    const text = await fetch(`${idp.url}/interaction/abc`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'person=x',
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { code: string }).code).toBe('unsupported_media_type');
    const deep = await fetch(`${idp.url}/interaction/abc/def/ghi`);
    expect(deep.status).toBe(404);
  });

  it('refuses a form posted from another site', async () => {
    const response = await fetch(`${idp.url}/interaction/abc`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'outcome=success',
    });
    expect(response.status).toBe(403);
  });

  it('refuses a form larger than a login form can be', async () => {
    const response = await fetch(`${idp.url}/interaction/abc`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `personnummer=${'1'.repeat(20_000)}`,
    });
    expect(response.status).toBe(413);
  });

  it("renders oidc-provider's own errors as a page with the banner", async () => {
    const response = await fetch(`${idp.url}/auth?client_id=unknown&response_type=code&scope=openid`, {
      headers: { accept: 'text/html' },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Något gick fel i inloggningen');
    expect(html).toContain('invalid_client');
    expect(html).toContain('class="banner"');
  });
});

describe('startTestIdp', () => {
  it('refuses to start with NODE_ENV=production unless allowed', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    try {
      const clients = [{ client_id: 'rp', client_secret: 's', redirect_uris: ['http://127.0.0.1:65000/cb'] }];
      await expect(startTestIdp({ clients })).rejects.toBeInstanceOf(RefusedInProductionError);
      const allowed = await startTestIdp({ clients, allowProduction: true });
      await allowed.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses bad configuration before listening', async () => {
    await expect(startTestIdp({ clients: [] })).rejects.toThrow(/at least one client/);
    const clients = [{ client_id: 'rp', client_secret: 's', redirect_uris: ['http://127.0.0.1:65000/cb'] }];
    await expect(startTestIdp({ clients, subjectSecret: 'short' })).rejects.toThrow(/32 characters/);
    await expect(
      startTestIdp({
        clients,
        persons: [{ ...defaultTestPersons[0], personnummer: '191212121213' } as never],
      }),
    ).rejects.toThrow(/not valid/);
    await expect(
      startTestIdp({ clients: [{ ...clients[0], claimStyle: 'bogus' } as never] }),
    ).rejects.toThrow(/claimStyle/);
  });
});
