import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.ts';

function storeWithClock() {
  let now = 1_000_000;
  const store = new MemoryStore(() => now);
  return { store, advance: (ms: number) => (now += ms) };
}

describe('MemoryStore', () => {
  it('stores per model and forgets entries when their lifetime is over', async () => {
    const { store, advance } = storeWithClock();
    const codes = store.factory('AuthorizationCode');
    const sessions = store.factory('Session');
    await codes.upsert('a', { kind: 'AuthorizationCode' }, 60);
    expect(await codes.find('a')).toEqual({ kind: 'AuthorizationCode' });
    expect(await sessions.find('a')).toBeUndefined();
    advance(60_000);
    expect(await codes.find('a')).toBeUndefined();
  });

  it('finds sessions by uid and marks consumed codes', async () => {
    const { store } = storeWithClock();
    const sessions = store.factory('Session');
    await sessions.upsert('s1', { uid: 'u1' }, 3600);
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1' });
    const codes = store.factory('AuthorizationCode');
    await codes.upsert('c1', {}, 60);
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toBe(1000);
  });

  it('revokes everything issued under a grant', async () => {
    const { store } = storeWithClock();
    const tokens = store.factory('AccessToken');
    const codes = store.factory('AuthorizationCode');
    await tokens.upsert('t1', { grantId: 'g1' }, 600);
    await codes.upsert('c1', { grantId: 'g1' }, 60);
    await tokens.upsert('t2', { grantId: 'g2' }, 600);
    await tokens.revokeByGrantId('g1');
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
    expect(await tokens.find('t2')).toBeDefined();
  });

  it('sweeps expired entries that are never read again', async () => {
    const { store, advance } = storeWithClock();
    const interactions = store.factory('Interaction');
    for (let i = 0; i < 150; i++) await interactions.upsert(`i${i}`, {}, 10);
    advance(10_000);
    await interactions.upsert('fresh', {}, 10);
    expect(store.size).toBe(1);
  });
});
