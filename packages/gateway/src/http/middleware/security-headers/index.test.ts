import { BryggaError } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import { securityHeaders } from './index.ts';

function app(publicUrl?: string) {
  const app = problemApp();
  app.use(securityHeaders({ publicUrl }));
  app.get('/page', (c) => c.html('<h1>Hej</h1>'));
  app.get('/cached-then-fails', (c) => {
    c.header('Cache-Control', 'public, max-age=600');
    throw new BryggaError('conflict');
  });
  app.get(
    '/proxied',
    () => new Response('{}', { headers: { 'X-Powered-By': 'PHP/5.4', Server: 'Apache/2.2' } }),
  );
  app.get('/redirect', () => Response.redirect('https://idp.example.se/authorize', 302));
  app.get('/redirect-with-policy', (c) => {
    c.set('contentSecurityPolicy', "default-src 'none'; form-action https://idp.example.se");
    return Response.redirect('https://idp.example.se/authorize', 303);
  });
  return app;
}

describe('securityHeaders', () => {
  it('sends a strict CSP, nosniff, no framing and no referrer', async () => {
    const res = await app().request('/page');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends HSTS only when the public URL is https', async () => {
    expect(
      (await app('https://brygga.example.se').request('/page')).headers.get('strict-transport-security'),
    ).toMatch(/^max-age=\d+/);
    expect(
      (await app('http://localhost:8080').request('/page')).headers.has('strict-transport-security'),
    ).toBe(false);
    expect((await app().request('/page')).headers.has('strict-transport-security')).toBe(false);
  });

  it('adds its headers to a redirect whose headers cannot change (Response.redirect)', async () => {
    const res = await app('https://brygga.example.se').request('/redirect');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://idp.example.se/authorize');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    const withPolicy = await app().request('/redirect-with-policy');
    expect(withPolicy.status).toBe(303);
    expect(withPolicy.headers.get('location')).toBe('https://idp.example.se/authorize');
    expect(withPolicy.headers.get('content-security-policy')).toBe(
      "default-src 'none'; form-action https://idp.example.se",
    );
  });

  it('decides HSTS by the URL scheme, whatever its case, and not on an unparsable URL', async () => {
    expect(
      (await app('HTTPS://brygga.example.se').request('/page')).headers.get('strict-transport-security'),
    ).toMatch(/^max-age=\d+/);
    expect((await app('https://').request('/page')).headers.has('strict-transport-security')).toBe(false);
  });

  it('makes problem documents no-store even when a handler asked for caching before failing', async () => {
    const res = await app().request('/cached-then-fails');
    expect(res.status).toBe(409);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('strips software fingerprints, also from proxied responses', async () => {
    const res = await app().request('/proxied');
    expect(res.headers.has('x-powered-by')).toBe(false);
    expect(res.headers.has('server')).toBe(false);
  });
});
