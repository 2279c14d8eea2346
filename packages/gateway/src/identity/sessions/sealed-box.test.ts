import { describe, expect, it } from 'vitest';
import { SealedBox } from './sealed-box.ts';

const key = new Uint8Array(32).fill(1);

describe('SealedBox', () => {
  it('round-trips, and the sealed text does not contain the plaintext', () => {
    const box = new SealedBox('k1', key);
    const sealed = box.seal('191212121212', 'number:ref-1');
    expect(sealed).not.toContain('191212121212');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(box.open(sealed, 'number:ref-1')).toBe('191212121212');
    expect(box.seal('191212121212', 'number:ref-1')).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses a value moved to another row, changed, or sealed under another key', () => {
    const box = new SealedBox('k1', key);
    const sealed = box.seal('191212121212', 'number:ref-1');
    expect(box.open(sealed, 'number:ref-2')).toBeUndefined();
    const [v, id, iv, body = ''] = sealed.split('.');
    const flipped = `${v}.${id}.${iv}.${body.startsWith('A') ? `B${body.slice(1)}` : `A${body.slice(1)}`}`;
    expect(box.open(flipped, 'number:ref-1')).toBeUndefined();
    expect(new SealedBox('k2', key).open(sealed, 'number:ref-1')).toBeUndefined();
    expect(new SealedBox('k1', new Uint8Array(32).fill(2)).open(sealed, 'number:ref-1')).toBeUndefined();
    expect(box.open('garbage', 'number:ref-1')).toBeUndefined();
  });

  it('needs a 256-bit key', () => {
    expect(() => new SealedBox('k', new Uint8Array(16))).toThrow(RangeError);
  });
});
