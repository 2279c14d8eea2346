import { errors } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayMigrations, migrate, openStore, type Store } from '../../storage/index.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../storage/throwaway-database.ts';
import { OidcStoreAdapter } from '../downstream/oidc-adapter.ts';
import type { UpstreamIdentity } from '../upstream/complete-login.ts';
import { SealedBox } from './sealed-box.ts';
import { SessionStore } from './session-store.ts';
import { TransactionStore } from './transactions.ts';

/** The identity tables behave the same on both backends: the point of keeping them in the shared store. */

const identity: UpstreamIdentity = {
  providerId: 'bankid',
  number: '191212121212',
  kind: 'personnummer',
  sub: 'upstream-sub',
  sid: 'upstream-sid',
  acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
  amr: ['mfa'],
  authTime: 1_800_000_000,
  idToken: 'header.payload.signature',
};

function describeStores(driver: string, open: () => Promise<Store>) {
  describe(`identity stores on ${driver}`, () => {
    let store: Store;
    let clock: number;
    const now = () => clock;
    beforeAll(async () => {
      store = await open();
      await migrate(store, gatewayMigrations);
    });
    afterAll(() => store?.close());

    const sessions = () =>
      new SessionStore({
        store,
        box: new SealedBox('k', new Uint8Array(32).fill(3)),
        policy: { idleMs: 1000, absoluteMs: 5000 },
        now,
      });

    it('keeps a session, binds it to one browser session, and ends the one it replaces', async () => {
      clock = 1_000_000;
      const store1 = sessions();
      const first = await store1.create(identity, 'citizen-1');
      expect(await store1.bind(first, 'op-1')).toEqual([]);
      expect(await store1.forOpSession('op-1')).toMatchObject({
        ref: first,
        verdict: 'active',
        providerId: 'bankid',
      });
      expect(await store1.identityNumber(first)).toBe('191212121212');
      const second = await store1.create(identity, 'citizen-1');
      const replaced = await store1.bind(second, 'op-1');
      expect(replaced).toEqual([
        {
          ref: first,
          opSessionUid: 'op-1',
          providerId: 'bankid',
          upstreamIdToken: 'header.payload.signature',
        },
      ]);
      expect(await store1.identityNumber(first)).toBeUndefined();
      expect((await store1.forOpSession('op-1'))?.ref).toBe(second);
    });

    it('ends idle and expired sessions where they are read, erasing the number', async () => {
      clock = 2_000_000;
      const store1 = sessions();
      const ref = await store1.create(identity, 'c');
      clock += 999;
      expect(await store1.identityNumber(ref)).toBe('191212121212'); // counts as use
      clock += 999;
      expect(await store1.identityNumber(ref)).toBe('191212121212');
      clock += 1000;
      expect(await store1.identityNumber(ref)).toBeUndefined();
      expect(await store1.get(ref)).toMatchObject({ verdict: 'ended' });
      const [row] = await store.query<{
        end_reason: string;
        number_sealed: unknown;
        upstream_id_token_sealed: unknown;
      }>(
        'SELECT end_reason, number_sealed, upstream_id_token_sealed FROM brygga_identity_sessions WHERE ref = $1',
        [ref],
      );
      expect(row).toEqual({ end_reason: 'idle', number_sealed: null, upstream_id_token_sealed: null });

      const busy = await store1.create(identity, 'c');
      for (let step = 0; step < 6; step++) {
        clock += 900;
        await store1.touch(busy);
      }
      expect(await store1.identityNumber(busy)).toBeUndefined(); // past 5 s in all, however active
      expect((await store1.get(busy))?.verdict).toBe('ended');
    });

    it('ends the sessions a provider names by sid (or sub), once, returning the ID token for logout', async () => {
      clock = 3_000_000;
      const store1 = sessions();
      const ref = await store1.create({ ...identity, sid: 'sid-x', sub: 'sub-x' }, 'c');
      await store1.bind(ref, 'op-x');
      expect(await store1.endForUpstream('other', { sid: 'sid-x', sub: undefined }, 'backchannel')).toEqual(
        [],
      );
      expect(
        await store1.endForUpstream('bankid', { sid: 'sid-x', sub: 'someone-else' }, 'backchannel'),
      ).toEqual([]);
      const ended = await store1.endForUpstream('bankid', { sid: 'sid-x', sub: 'sub-x' }, 'backchannel');
      expect(ended.map((each) => each.opSessionUid)).toEqual(['op-x']);
      expect(await store1.endForUpstream('bankid', { sid: 'sid-x', sub: undefined }, 'backchannel')).toEqual(
        [],
      );
      // A session whose ID token had no sid ends with a logout naming a sid and its subject, not another's.
      const noSid = await store1.create({ ...identity, sid: undefined, sub: 'sub-z' }, 'c');
      const otherSid = await store1.create({ ...identity, sid: 'sid-other', sub: 'sub-z' }, 'c');
      const noSidElse = await store1.create({ ...identity, sid: undefined, sub: 'sub-w' }, 'c');
      const byLogout = await store1.endForUpstream('bankid', { sid: 'sid-z', sub: 'sub-z' }, 'backchannel');
      expect(byLogout.map((each) => each.ref)).toEqual([noSid]);
      expect((await store1.get(noSid))?.verdict).toBe('ended');
      expect((await store1.get(otherSid))?.verdict).toBe('active');
      expect((await store1.get(noSidElse))?.verdict).toBe('active');
      const bySub = await store1.create({ ...identity, sid: undefined, sub: 'sub-y' }, 'c');
      expect(
        (await store1.endForUpstream('bankid', { sid: undefined, sub: 'sub-y' }, 'backchannel'))[0]?.ref,
      ).toBe(bySub);
    });

    it('takes a transaction once, and never after it expired', async () => {
      clock = 4_000_000;
      const transactions = new TransactionStore(store, now);
      const handle = await transactions.put('login', { state: 's' }, 1000);
      expect(await transactions.take('logout', handle)).toBeUndefined(); // another kind
      expect(await transactions.take('login', handle)).toEqual({ state: 's' });
      expect(await transactions.take('login', handle)).toBeUndefined();
      const late = await transactions.put('login', { state: 't' }, 1000);
      clock += 1000;
      expect(await transactions.take('login', late)).toBeUndefined();
      const [row] = await store.query(
        'SELECT COUNT(*) AS n FROM brygga_identity_transactions WHERE payload LIKE $1',
        [`%${handle}%`],
      );
      expect(Number(row?.n)).toBe(0);
    });

    it('remembers a token id, refusing it a second time', async () => {
      clock = 5_000_000;
      const transactions = new TransactionStore(store, now);
      expect(await transactions.remember('logout-jti', 'jti-1', clock + 60_000)).toBe(true);
      expect(await transactions.remember('logout-jti', 'jti-1', clock + 60_000)).toBe(false);
      expect(await transactions.remember('logout-jti', 'jti-2', clock + 60_000)).toBe(true);
    });

    it("serves oidc-provider's models: upsert, find by id and uid, consume, expiry, revoke by grant", async () => {
      clock = 6_000_000;
      const adapter = new OidcStoreAdapter(store, now);
      const sessionsModel = adapter.factory('Session');
      const codes = adapter.factory('AuthorizationCode');
      await sessionsModel.upsert('s1', { uid: 'u1', accountId: 'a' } as never, 10);
      expect(await sessionsModel.findByUid('u1')).toMatchObject({ accountId: 'a' });
      await sessionsModel.upsert('s1', { uid: 'u1', accountId: 'b' } as never, 10);
      expect(await sessionsModel.find('s1')).toMatchObject({ accountId: 'b' });
      await codes.upsert('c1', { grantId: 'g1' } as never, 10);
      await codes.consume('c1');
      expect(await codes.find('c1')).toMatchObject({ consumed: 6000 });
      expect(await adapter.factory('Session').find('c1')).toBeUndefined(); // models are apart
      await codes.revokeByGrantId('g1');
      expect(await codes.find('c1')).toBeUndefined();
      clock += 10_000;
      expect(await sessionsModel.find('s1')).toBeUndefined();
      expect(await adapter.sweep()).toBeGreaterThanOrEqual(1);
      await sessionsModel.destroy('s1');
    });

    it('lets only one of two simultaneous consumes of a code succeed', async () => {
      clock = 7_000_000;
      const codes = new OidcStoreAdapter(store, now).factory('AuthorizationCode');
      for (const id of ['race-1', 'race-2', 'race-3']) {
        await codes.upsert(id, { grantId: `g-${id}` } as never, 10);
        const results = await Promise.allSettled([codes.consume(id), codes.consume(id)]);
        expect(results.filter((each) => each.status === 'fulfilled')).toHaveLength(1);
        const [refused] = results.filter((each) => each.status === 'rejected');
        expect(refused?.reason).toBeInstanceOf(errors.InvalidGrant);
        expect(await codes.find(id)).toMatchObject({ consumed: 7000 });
      }
      // One after the other, the second is refused too.
      await expect(codes.consume('race-1')).rejects.toBeInstanceOf(errors.InvalidGrant);
    });
  });
}

describeStores('sqlite', () => openStore({ driver: 'sqlite', path: ':memory:' }));

const adminUrl = process.env.BRYGGA_TEST_DATABASE_URL;
if (adminUrl) {
  let database: ThrowawayDatabase | undefined;
  beforeAll(async () => {
    database = await createThrowawayDatabase(adminUrl, 'brygga_ids');
  });
  afterAll(() => database?.drop());
  const databaseUrl = () => {
    if (!database) throw new Error('the throwaway database was not created');
    return database.url;
  };
  describeStores('postgres', () =>
    openStore({ driver: 'postgres', connectionString: databaseUrl(), poolMax: 2 }),
  );
} else if (process.env.CI) {
  it('runs the PostgreSQL identity store tests in CI', () => {
    throw new Error('BRYGGA_TEST_DATABASE_URL is not set: in CI the PostgreSQL identity tests must run.');
  });
}
