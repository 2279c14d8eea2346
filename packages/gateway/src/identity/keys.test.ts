import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BryggaConfig } from '../config/index.ts';
import { IdentityKeyError, loadIdentityKeys } from './keys.ts';

function config(
  environment: BryggaConfig['environment'],
  keys: Partial<BryggaConfig['keys']> = {},
): BryggaConfig {
  return { environment, keys } as unknown as BryggaConfig;
}

const pem = (type: 'rsa' | 'ec', bits = 2048) =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: bits }).privateKey
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
  )
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('identity keys', () => {
  it('are required in production', () => {
    expect(() => loadIdentityKeys(config('production'))).toThrow(IdentityKeyError);
  });

  it('are made up for a start in development, and said so', () => {
    const { keys, generated } = loadIdentityKeys(config('development'));
    expect(generated).toEqual(['identitySigning', 'identitySubjects', 'identitySessions']);
    expect(keys.signing.alg).toBe('ES256');
    expect(keys.sessions.sealing.byteLength).toBe(32);
  });

  it('take an RSA or EC P-256 signing key, publishing only its public half', () => {
    const secret = { keyId: 'k', key: 'x'.repeat(32) };
    for (const [type, alg] of [
      ['rsa', 'RS256'],
      ['ec', 'ES256'],
    ] as const) {
      const { keys, generated } = loadIdentityKeys(
        config('production', {
          identitySigning: { keyId: 'sig-1', key: pem(type) },
          identitySubjects: secret,
          identitySessions: secret,
        } as Partial<BryggaConfig['keys']>),
      );
      expect(generated).toEqual([]);
      expect(keys.signing).toMatchObject({ kid: 'sig-1', alg });
      expect(keys.signing.publicKey.type).toBe('public');
    }
  });

  it('refuse a weak RSA key and a key of another kind', () => {
    const secret = { keyId: 'k', key: 'x'.repeat(32) };
    const with_ = (key: string) =>
      config('production', {
        identitySigning: { keyId: 's', key },
        identitySubjects: secret,
        identitySessions: secret,
      } as Partial<BryggaConfig['keys']>);
    expect(() => loadIdentityKeys(with_(pem('rsa', 1024)))).toThrow(/2048/);
    expect(() => loadIdentityKeys(with_('not a key'))).toThrow(IdentityKeyError);
  });

  it('derive different keys for different uses from one secret', () => {
    const secret = { keyId: 'k', key: 'y'.repeat(40) };
    const { keys } = loadIdentityKeys(
      config('development', { identitySubjects: secret, identitySessions: secret } as Partial<
        BryggaConfig['keys']
      >),
    );
    expect(Buffer.from(keys.subjects).equals(Buffer.from(keys.sessions.sealing))).toBe(false);
  });
});
