import { describe, expect, it } from 'vitest';
import { SessionStore } from './store.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('SessionStore', () => {
  it('gives each session a 256-bit random id and CSRF token, different from each other', () => {
    const store = new SessionStore();
    const a = store.create();
    const b = store.create();
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.id, b.id, a.csrfToken, b.csrfToken]).size).toBe(4);
    expect(store.get(a.id)).toBe(a);
    expect(store.get('unknown')).toBeUndefined();
    expect(store.get(undefined)).toBeUndefined();
  });

  it('ends a session after the idle time without requests, and keeps one that is used', () => {
    const time = clock();
    const store = new SessionStore({ idleMs: 1000, absoluteMs: 10_000, now: time.now });
    const used = store.create();
    const idle = store.create();
    time.advance(900);
    expect(store.get(used.id)).toBe(used);
    time.advance(900);
    expect(store.get(used.id)).toBe(used);
    expect(store.get(idle.id)).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it('ends every session at the absolute limit, however much it is used', () => {
    const time = clock();
    const store = new SessionStore({ idleMs: 1000, absoluteMs: 2500, now: time.now });
    const session = store.create();
    for (let step = 0; step < 2; step++) {
      time.advance(900);
      expect(store.get(session.id)).toBe(session);
    }
    time.advance(900);
    expect(store.get(session.id)).toBeUndefined();
  });

  it('regenerates: the old id stops working, the new one has its own id and CSRF token', () => {
    const store = new SessionStore();
    const old = store.create({ flash: 'relogged' });
    const fresh = store.regenerate(old, { flash: undefined });
    expect(store.get(old.id)).toBeUndefined();
    expect(store.get(fresh.id)).toBe(fresh);
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.csrfToken).not.toBe(old.csrfToken);
  });

  it('forgets the oldest sessions beyond its limit', () => {
    const store = new SessionStore({ maxSessions: 2 });
    const [a, b, c] = [store.create(), store.create(), store.create()];
    expect(store.get(a.id)).toBeUndefined();
    expect(store.get(b.id)).toBe(b);
    expect(store.get(c.id)).toBe(c);
  });

  it('when full, forgets anonymous sessions before logged-in ones, least recently used first', () => {
    const user = { subject: 's', accessToken: 't', accessTokenExpiresAt: undefined, idToken: undefined };
    const store = new SessionStore({ maxSessions: 3 });
    const person = store.create({ user });
    const [first, second] = [store.create(), store.create()];
    // Anonymous visits (every GET /login makes one) push out other anonymous ones, never the logged-in person.
    const third = store.create();
    expect(store.get(person.id)).toBe(person);
    expect(store.get(first.id)).toBeUndefined();
    // A look refreshes a session: `second` is now used more recently than `third`.
    expect(store.get(second.id)).toBe(second);
    store.create();
    expect(store.get(third.id)).toBeUndefined();
    expect(store.get(second.id)).toBe(second);
    expect(store.size).toBe(3);
  });

  it('when full of logged-in sessions, forgets the one used least recently', () => {
    const user = { subject: 's', accessToken: 't', accessTokenExpiresAt: undefined, idToken: undefined };
    const store = new SessionStore({ maxSessions: 2 });
    const [a, b] = [store.create({ user }), store.create({ user })];
    expect(store.get(a.id)).toBe(a);
    store.create({ user });
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBe(a);
  });
});
