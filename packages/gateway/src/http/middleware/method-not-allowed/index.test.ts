import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import type { GatewayEnv } from '../../env.ts';
import { methodNotAllowed } from './index.ts';

function setup() {
  const app = problemApp();
  app.use(methodNotAllowed({ app }));
  app.get('/cases/:id', (c) => c.text('case'));
  app.delete('/cases/:id', (c) => c.body(null, 204));
  app.get('/missing/:id', (c) => c.json({ gone: true }, 404));
  // Mounted after the middleware was created, as later features will be.
  const documents = new Hono<GatewayEnv>();
  documents.post('/', (c) => c.text('created', 201));
  app.route('/documents', documents);
  return app;
}

describe('methodNotAllowed', () => {
  it('answers method_not_allowed with Allow when the path exists for other methods', async () => {
    const res = await setup().request('/cases/42', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD']);
    expect(await res.json()).toMatchObject({ code: 'method_not_allowed', status: 405 });
  });

  it('knows routes of sub-apps mounted later', async () => {
    const res = await setup().request('/documents', { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('leaves unknown paths as not_found', async () => {
    const res = await setup().request('/nothing-here', { method: 'PUT' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found' });
  });

  it("leaves a handler's own 404 alone", async () => {
    const res = await setup().request('/missing/1');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ gone: true });
  });
});
