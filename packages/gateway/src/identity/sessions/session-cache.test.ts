import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayMigrations, migrate, openStore, type Store } from '../../storage/index.ts';
import type { UpstreamIdentity } from '../upstream/complete-login.ts';
import { SealedBox } from './sealed-box.ts';
import { type SessionEnd, SessionStore, type SessionStoreOptions } from './session-store.ts';

/** `identityNumber` remembered for `cacheMs`: never past a timeout, forgotten when the session ends here. */

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

type Times = { last_seen_at: number; ended_at: number | null; end_reason: string | null };

describe('SessionStore with cacheMs', () => {
  let store: Store;
  let clock: number;
  const now = () => clock;
  beforeAll(async () => {
    store = await openStore({ driver: 'sqlite', path: ':memory:' });
    await migrate(store, gatewayMigrations);
  });
  afterAll(() => store?.close());

  const box = new SealedBox('k', new Uint8Array(32).fill(3));
  const sessions = (more: Partial<SessionStoreOptions> = {}) =>
    new SessionStore({
      store,
      box,
      policy: { idleMs: 600_000, absoluteMs: 3_600_000 }, // a touch is due every 30 s
      now,
      cacheMs: 5_000,
      ...more,
    });
  const times = async (ref: string) => {
    const [row] = await store.query<Times>(
      'SELECT last_seen_at, ended_at, end_reason FROM brygga_identity_sessions WHERE ref = $1',
      [ref],
    );
    return row;
  };
  /** Another instance ending the session: straight in the shared store, unseen by this instance's memory. */
  const endElsewhere = (ref: string) =>
    store.execute(
      "UPDATE brygga_identity_sessions SET ended_at = $2, end_reason = 'logout', number_sealed = NULL WHERE ref = $1",
      [ref, clock],
    );

  it('answers from memory for cacheMs, then reads the store again', async () => {
    clock = 1_000_000;
    const here = sessions();
    const ref = await here.create(identity, 'c');
    expect(await here.identityNumber(ref)).toBe('191212121212');
    await endElsewhere(ref);
    clock += 4_999;
    // The documented window: a session ended on another instance is served here until the entry runs out.
    expect(await here.identityNumber(ref)).toBe('191212121212');
    clock += 1;
    expect(await here.identityNumber(ref)).toBeUndefined();
  });

  it('reads the store every time with cacheMs 0', async () => {
    clock = 2_000_000;
    const here = sessions({ cacheMs: 0 });
    const ref = await here.create(identity, 'c');
    expect(await here.identityNumber(ref)).toBe('191212121212');
    await endElsewhere(ref);
    expect(await here.identityNumber(ref)).toBeUndefined();
  });

  it('forgets a session at once when it ends on this instance: logout, back-channel, replaced', async () => {
    clock = 3_000_000;
    const told: SessionEnd[] = [];
    const here = sessions({
      onEnded: async (ended) => {
        told.push(...ended);
      },
    });
    const loggedOut = await here.create(identity, 'c');
    expect(await here.identityNumber(loggedOut)).toBe('191212121212');
    await here.end(loggedOut, 'logout');
    expect(await here.identityNumber(loggedOut)).toBeUndefined();

    const backchannel = await here.create({ ...identity, sid: 'sid-b', sub: 'sub-b' }, 'c');
    expect(await here.identityNumber(backchannel)).toBe('191212121212');
    await here.endForUpstream('bankid', { sid: 'sid-b', sub: 'sub-b' }, 'backchannel');
    expect(await here.identityNumber(backchannel)).toBeUndefined();

    const first = await here.create(identity, 'c');
    await here.bind(first, 'op-r');
    expect(await here.identityNumber(first)).toBe('191212121212');
    await here.bind(await here.create(identity, 'c'), 'op-r');
    expect(await here.identityNumber(first)).toBeUndefined();

    const viaBrowser = await here.create(identity, 'c');
    await here.bind(viaBrowser, 'op-e');
    expect(await here.identityNumber(viaBrowser)).toBe('191212121212');
    await here.endForOpSession('op-e', 'logout', 'e-service');
    expect(await here.identityNumber(viaBrowser)).toBeUndefined();
    expect(told.map((each) => each.reason)).toEqual(['logout', 'backchannel', 'replaced', 'logout']);
  });

  it('does not remember a session read while it was being ended here', async () => {
    clock = 4_000_000;
    let release: () => void = () => {};
    let reading: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const readDone = new Promise<void>((resolve) => {
      reading = resolve;
    });
    let hold = false;
    // The store, except that a session read returns only when released: the end commits in between.
    const slow: Store = {
      driver: store.driver,
      query: async (sql, params) => {
        const rows = await store.query(sql, params);
        if (hold && sql.startsWith('SELECT ref, op_session_uid')) {
          hold = false;
          reading();
          await gate;
        }
        return rows as never;
      },
      execute: (sql, params) => store.execute(sql, params),
      executeScript: (sql) => store.executeScript(sql),
      transaction: (work) => store.transaction(work),
      ping: () => store.ping(),
      close: async () => {},
    };
    const here = sessions({ store: slow });
    const ref = await here.create(identity, 'c');
    hold = true;
    const racing = here.identityNumber(ref);
    await readDone;
    await here.end(ref, 'logout');
    release();
    // Read before the end committed: the answer stands, but it must not be kept.
    expect(await racing).toBe('191212121212');
    expect(await here.identityNumber(ref)).toBeUndefined();
  });

  it('never answers past the absolute expiry', async () => {
    clock = 5_000_000;
    const here = sessions({ policy: { idleMs: 60_000, absoluteMs: 3_000 }, cacheMs: 30_000 });
    const ref = await here.create(identity, 'c');
    clock += 2_999;
    expect(await here.identityNumber(ref)).toBe('191212121212');
    clock += 1;
    expect(await here.identityNumber(ref)).toBeUndefined();
    expect(await times(ref)).toMatchObject({ end_reason: 'expired', ended_at: clock });
  });

  it('touches only when a touch is due, so the idle timeout holds on every instance', async () => {
    clock = 6_000_000;
    // Idle 1 s: a touch is due every 100 ms of use; the memory never outlives that.
    const policy = { idleMs: 1_000, absoluteMs: 60_000 };
    const here = sessions({ policy, cacheMs: 30_000 });
    const elsewhere = sessions({ policy, cacheMs: 0 });
    const ref = await here.create(identity, 'c');
    const created = clock;
    clock += 50;
    expect(await here.identityNumber(ref)).toBe('191212121212');
    expect((await times(ref))?.last_seen_at).toBe(created); // used 50 ms after the last write: no write
    // In steady use for 3 s, three times the idle timeout, through the memory of this instance.
    for (let step = 0; step < 60; step++) {
      clock += 50;
      expect(await here.identityNumber(ref)).toBe('191212121212');
      // As without memory: the stored use lags by at most a touch interval plus the time between two uses.
      const lastSeen = (await times(ref))?.last_seen_at ?? 0;
      expect(clock - lastSeen).toBeLessThanOrEqual(100 + 50);
    }
    const lastTouch = (await times(ref))?.last_seen_at ?? 0;
    clock = lastTouch + 999;
    // Another instance, which only has the store, sees it in use.
    expect((await elsewhere.get(ref))?.verdict).toBe('active');
    // Idle from the last stored use, whatever this instance remembers.
    clock = lastTouch + 1_000;
    expect(await here.identityNumber(ref)).toBeUndefined();
    expect(await times(ref)).toMatchObject({ end_reason: 'idle' });
  });

  it('keeps at most cacheEntries sessions, forgetting the oldest', async () => {
    clock = 7_000_000;
    const here = sessions({ cacheEntries: 2 });
    const [a, b, c] = [
      await here.create(identity, 'a'),
      await here.create(identity, 'b'),
      await here.create(identity, 'c'),
    ];
    for (const ref of [a, b, c]) expect(await here.identityNumber(ref)).toBe('191212121212');
    for (const ref of [a, b, c]) await endElsewhere(ref);
    expect(await here.identityNumber(a)).toBeUndefined(); // forgotten: read from the store
    expect(await here.identityNumber(b)).toBe('191212121212');
    expect(await here.identityNumber(c)).toBe('191212121212');
  });
});
