import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { subjectReference, subjectReferences, subjectTag } from './subject.ts';

describe('subject references', () => {
  it('are HMAC-SHA256 of the 12-digit number, so another key gives another reference', () => {
    const a = { keyId: 'a', secret: 'a'.repeat(32) };
    const b = { keyId: 'b', secret: 'b'.repeat(32) };
    // HMAC-SHA256("aaaa…a" (32), "198507099805"), computed independently with openssl.
    expect(subjectReference(a, '198507099805')).toEqual({
      keyId: 'a',
      ref: Buffer.from('c7995a2dca9edcda5977e5244e8a04d788c437118e21dd261264ee3f1501025b', 'hex').toString(
        'base64url',
      ),
    });
    expect(subjectReferences([a, b], '198507099805').map((reference) => reference.keyId)).toEqual(['a', 'b']);
    expect(subjectReference(b, '198507099805').ref).not.toBe(subjectReference(a, '198507099805').ref);
  });

  it('tag a reference with its first 48 bits as a signed integer', () => {
    for (let round = 0; round < 200; round += 1) {
      const bytes = randomBytes(32);
      expect(subjectTag(bytes.toString('base64url'))).toBe(bytes.readIntBE(0, 6));
    }
    expect(() => subjectTag('!!!!!!!!')).toThrow(RangeError);
  });
});
