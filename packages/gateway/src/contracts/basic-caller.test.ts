import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { EServiceConfig } from '../config/index.ts';
import { basicCredentialsCaller, parseBasic } from './basic-caller.ts';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('parseBasic', () => {
  it('splits at the first colon and form-decodes both parts', () => {
    expect(parseBasic(basic('bygglov:s3cr%3At+x'))).toEqual({ clientId: 'bygglov', secret: 's3cr:t x' });
  });

  it('refuses what is not Basic credentials with an id and a secret', () => {
    for (const header of [
      undefined,
      '',
      'Bearer abc',
      'Basic',
      basic('no-colon'),
      basic(':secret'),
      basic('id:'),
      basic('id:%zz'),
    ]) {
      expect(parseBasic(header), String(header)).toBeUndefined();
    }
  });
});

describe('basicCredentialsCaller', () => {
  const eServices = [
    { id: 'mina-sidor', client: { clientId: 'mina', clientSecret: 'a-long-enough-secret-0123456789abcdef' } },
    { id: 'bygglov', client: { clientId: 'bygglov', jwksUri: 'https://bygglov.exempel.se/jwks.json' } },
  ] as unknown as EServiceConfig[];
  const app = new Hono();
  const resolve = basicCredentialsCaller(eServices);
  app.get('/', async (c) => c.json((await resolve(c as never)) ?? null));
  const who = async (authorization: string) =>
    (await app.request('/', { headers: { authorization } })).json();

  it('knows an e-service by its client id and secret', async () => {
    expect(await who(basic('mina:a-long-enough-secret-0123456789abcdef'))).toEqual({
      eServiceId: 'mina-sidor',
    });
  });

  it('refuses a wrong secret, an unknown client and a private_key_jwt client', async () => {
    expect(await who(basic('mina:a-long-enough-secret-0123456789abcdeX'))).toBeNull();
    expect(await who(basic('okand:a-long-enough-secret-0123456789abcdef'))).toBeNull();
    expect(await who(basic('bygglov:anything'))).toBeNull();
  });
});
