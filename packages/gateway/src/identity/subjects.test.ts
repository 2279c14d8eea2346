import { describe, expect, it } from 'vitest';
import { citizenRef, pairwiseSubject } from './subjects.ts';

const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(8);

describe('citizen references and pairwise subjects', () => {
  it('are stable, keyed, and never contain the number', () => {
    const ref = citizenRef(key, '191212121212');
    expect(citizenRef(key, '191212121212')).toBe(ref);
    expect(citizenRef(otherKey, '191212121212')).not.toBe(ref);
    expect(citizenRef(key, '198112189876')).not.toBe(ref);
    expect(ref).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ref).not.toContain('121212');
  });

  it('differ per e-service, so two e-services cannot link a citizen', () => {
    const ref = citizenRef(key, '191212121212');
    const a = pairwiseSubject(key, ref, 'bygglov');
    expect(pairwiseSubject(key, ref, 'bygglov')).toBe(a);
    expect(pairwiseSubject(key, ref, 'mina-sidor')).not.toBe(a);
    // The labels keep the two derivations apart even for colliding inputs.
    expect(a).not.toBe(ref);
  });
});
