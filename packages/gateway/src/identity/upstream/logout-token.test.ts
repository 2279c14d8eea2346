import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gatewayMigrations, migrate, openStore, type Store } from '../../storage/index.ts';
import { TransactionStore } from '../sessions/transactions.ts';
import { clockToleranceSeconds } from './id-token-claims.ts';
import { backchannelLogoutEvent, LogoutTokenError, validateLogoutToken } from './logout-token.ts';
import type { UpstreamProvider } from './provider-client.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore({ driver: 'sqlite', path: ':memory:' });
  await migrate(store, gatewayMigrations);
});
afterAll(() => store?.close());

const issuer = 'https://idp.example';

it('remembers a used jti for as long as the token is accepted (exp plus the clock tolerance)', async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const provider = {
    id: 'bankid',
    issuer,
    settings: { clientId: 'gateway' },
    keys: { resolve: async () => publicKey },
  } as unknown as UpstreamProvider;
  const iat = 1_900_000_000;
  const exp = iat + 120;
  const token = await new SignJWT({ events: { [backchannelLogoutEvent]: {} }, sid: 'sid-1', jti: 'jti-1' })
    .setProtectedHeader({ alg: 'ES256', typ: 'logout+jwt' })
    .setIssuer(issuer)
    .setAudience('gateway')
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
  let clock = iat * 1000;
  const now = () => clock;
  const transactions = new TransactionStore(store, now);
  const options = {
    providerFor: async (iss: string) => (iss === issuer ? provider : undefined),
    rememberJti: (providerId: string, jti: string, expiresAt: number) =>
      transactions.remember('logout-jti', `${providerId}\0${jti}`, expiresAt),
    now,
  };
  expect(await validateLogoutToken(token, options)).toMatchObject({ sid: 'sid-1' });
  // Past exp but within the tolerance the token is still accepted: its jti must still be known, purge or not.
  clock = (exp + clockToleranceSeconds - 5) * 1000;
  await transactions.purge();
  await expect(validateLogoutToken(token, options)).rejects.toMatchObject({ problem: 'replayed' });
  // Beyond the tolerance the token itself is refused as expired.
  clock = (exp + clockToleranceSeconds + 5) * 1000;
  await transactions.purge();
  const late = await validateLogoutToken(token, options).catch((error: unknown) => error);
  expect(late).toBeInstanceOf(LogoutTokenError);
  expect((late as LogoutTokenError).problem).toBe('exp');
});
