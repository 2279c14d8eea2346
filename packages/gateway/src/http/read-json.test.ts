import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemApp } from '../../test/fixtures/problem-app.ts';
import { readJson } from './read-json.ts';

const schema = z.object({ name: z.string().min(1), personnummer: z.string().length(12) });

function setup() {
  const app = problemApp();
  app.post('/people', async (c) => {
    const person = await readJson(c, schema);
    // Typed by the schema: this would not compile if readJson returned unknown.
    return c.json({ greeting: `Hej ${person.name}` }, 201);
  });
  return app;
}

const post = (body: string, language = 'sv') =>
  setup().request('/people', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': language },
    body,
  });

describe('readJson', () => {
  it('returns the parsed, validated body', async () => {
    const res = await post(JSON.stringify({ name: 'Anna', personnummer: '199001011234' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ greeting: 'Hej Anna' });
  });

  it.each(['{"name": "Anna",', '', 'null x', '\u00ef\u00bb\u00bf{}'])(
    'answers malformed_json for %j',
    async (body) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({
        code: 'malformed_json',
        title: 'Innehållet är inte giltig JSON.',
      });
    },
  );

  it('answers validation_failed naming the fields, never echoing the values', async () => {
    const res = await post(JSON.stringify({ name: '', personnummer: '19900101-1234' }), 'en');
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      code: 'validation_failed',
      title: 'Some details are missing or wrong.',
      errors: [
        { path: '/name', code: 'too_small' },
        { path: '/personnummer', code: 'too_big' },
      ],
    });
    expect(text).not.toMatch(/1234/);
  });
});
