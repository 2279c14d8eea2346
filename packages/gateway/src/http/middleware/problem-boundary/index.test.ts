import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../../test/fixtures/capture-logs.ts';
import { problemApp } from '../../../../test/fixtures/problem-app.ts';
import { createProblemResponder } from '../../problems/respond.ts';
import { problemBoundary } from './index.ts';

describe('problemBoundary', () => {
  it('turns thrown non-Error values, which Hono does not pass to onError, into problems', async () => {
    const logs = captureLogs();
    const app = problemApp(logs.logger);
    app.use(problemBoundary({ respond: createProblemResponder({ logger: logs.logger }) }));
    app.get('/string', () => {
      throw 'secret 199001011234';
    });
    app.get('/object', async () => {
      await Promise.resolve();
      throw { password: 'hunter2' };
    });
    for (const path of ['/string', '/object']) {
      const res = await app.request(path);
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ code: 'internal_error', status: 500 });
      expect(body).not.toMatch(/secret|1234|hunter2/);
    }
    expect(logs.entries().filter((entry) => entry.msg === 'unexpected error')).toHaveLength(2);
    expect(logs.text()).not.toMatch(/1234|hunter2/);
  });

  it('shows that without it Hono lets a non-Error escape', async () => {
    const app = problemApp();
    app.get('/string', () => {
      throw 'x';
    });
    // An async wrapper, because Hono throws synchronously when a single handler matches.
    await expect((async () => app.request('/string'))()).rejects.toBe('x');
  });
});
