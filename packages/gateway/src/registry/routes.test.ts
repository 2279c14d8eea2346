import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtInContracts } from '../contracts/registry.ts';
import { fixedNow, registryConfig } from './fixtures.test-support.ts';
import { registryRoutes } from './routes.ts';

const app = registryRoutes({
  config: registryConfig(),
  contracts: builtInContracts,
  now: () => fixedNow,
  status: (id) => (id === 'bygglov-ansokan' ? 'up' : 'unknown'),
});

describe('registryRoutes', () => {
  it.each([
    ['/register', 'application/json; charset=utf-8'],
    ['/register.csv', 'text/csv; charset=utf-8; header=present'],
    ['/register/catalog.jsonld', 'application/ld+json; charset=utf-8'],
    ['/register/schema.json', 'application/schema+json; charset=utf-8'],
    ['/processing-record', 'application/json; charset=utf-8'],
  ])('GET %s answers %s, cacheable for a minute and open to any origin', async (path, type) => {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('GET /processing-record.html answers a page, not open to other origins', async () => {
    const response = await app.request('/processing-record.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.text()).toContain('Record of processing activities');
  });

  it('the served register validates against the served schema, which names itself', async () => {
    const schema = await (await app.request('/register/schema.json')).json();
    expect(schema.$id).toBe('https://brygga.exempel.se/register/schema.json');
    const register = await (await app.request('/register')).json();
    const validate = new Ajv2020({ strict: true, validateFormats: false }).compile(schema);
    expect(validate(register)).toBe(true);
    expect(register.eServices.map((entry: { liveStatus: string }) => entry.liveStatus)).toEqual([
      'up',
      'unknown',
    ]);
    expect(register.generatedAt).toBe(fixedNow.toISOString());
  });

  it('is read-only', async () => {
    for (const path of ['/register', '/register.csv', '/processing-record']) {
      expect((await app.request(path, { method: 'POST', body: '{}' })).status).toBe(404);
    }
  });
});
