import { describe, expect, it } from 'vitest';
import { defaultClientSecret, defaultDevClient, parseCli, readClients, readPersons } from './cli.ts';

describe('parseCli', () => {
  it('defaults to port 7401 on 127.0.0.1 with the dev secret', () => {
    expect(parseCli([], {})).toEqual({
      kind: 'run',
      settings: { port: 7401, host: '127.0.0.1', clientSecret: defaultClientSecret, allowProduction: false },
    });
  });

  it('takes flags over environment variables', () => {
    const parsed = parseCli(['--port', '0', '--clients', 'c.json'], {
      TEST_IDP_PORT: '9000',
      TEST_IDP_CLIENTS_FILE: 'other.json',
      TEST_IDP_CLIENT_SECRET: 's3cret',
      TEST_IDP_ISSUER: 'https://idp.test.example',
      NODE_ENV: 'production',
    });
    expect(parsed).toMatchObject({
      kind: 'run',
      settings: {
        port: 0,
        clientsFile: 'c.json',
        clientSecret: 's3cret',
        issuer: 'https://idp.test.example',
        nodeEnv: 'production',
      },
    });
  });

  it('reads --allow-production and --help', () => {
    expect(parseCli(['--allow-production'], {})).toMatchObject({ settings: { allowProduction: true } });
    expect(parseCli(['-h'], {})).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', 'abc'], {}],
    [['--port', '70000'], {}],
    [['--bogus'], {}],
    [['--issuer', 'ftp://x'], {}],
    [[], { TEST_IDP_SUBJECT_SECRET: 'short' }],
  ])('rejects %j %j', (args, env) => {
    expect(parseCli(args, env).kind).toBe('error');
  });
});

describe('files', () => {
  it('accepts clients with a client_id and persons with the three fields', () => {
    expect(readClients([{ client_id: 'a' }])).toEqual([{ client_id: 'a' }]);
    const person = { personnummer: '191212121212', givenName: 'T', familyName: 'T' };
    expect(readPersons([person])).toEqual([person]);
  });

  it('rejects empty or malformed files', () => {
    expect(() => readClients([])).toThrow(/non-empty/);
    expect(() => readClients([{ redirect_uris: [] }])).toThrow(/client_id/);
    expect(() => readPersons({})).toThrow(/non-empty/);
    expect(() => readPersons([{ personnummer: 1 }])).toThrow(/personnummer, givenName and familyName/);
  });

  it('describes the dev client the gateway uses', () => {
    expect(defaultDevClient('x')).toMatchObject({
      client_id: 'brygga-gateway',
      client_secret: 'x',
      redirect_uris: ['http://127.0.0.1:7400/auth/callback'],
    });
  });
});
