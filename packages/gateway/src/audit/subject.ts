import { createHmac } from 'node:crypto';

/** A versioned HMAC key: `keyId` is stored with every reference made with it, so keys can rotate. */
export interface SubjectKey {
  readonly keyId: string;
  readonly secret: string;
}

/** Who a record is about, without saying who: HMAC-SHA256(key, 12-digit personnummer), base64url. */
export interface SubjectReference {
  readonly keyId: string;
  readonly ref: string;
}

/**
 * A keyed hash, not a plain one: the space of personnummer is small enough to hash exhaustively, so only the
 * secret key makes the reference unlinkable (EDPB guidance on pseudonymisation). `normalised` must come
 * from `normalisePersonnummer`, or the same person gets different references.
 */
export function subjectReference(key: SubjectKey, normalised: string): SubjectReference {
  return { keyId: key.keyId, ref: createHmac('sha256', key.secret).update(normalised).digest('base64url') };
}

/** The person's reference under every key the log has used, so extracts find records older than a rotation. */
export function subjectReferences(keys: readonly SubjectKey[], normalised: string): SubjectReference[] {
  return keys.map((key) => subjectReference(key, normalised));
}

/**
 * The first 48 bits of a reference as a whole number: what the database indexes, since an integer index is
 * much cheaper to maintain at every insert than one on the text. Distinct people may share a tag (rarely);
 * lookups compare the full reference after. 48 bits stays a safe JavaScript number.
 */
export function subjectTag(ref: string): number {
  // Eight base64url characters are exactly 48 bits; decoded by hand because the verifier does this for every
  // record, and a Buffer per call costs more than the arithmetic.
  let value = 0;
  for (let index = 0; index < 8; index += 1) {
    const digit = base64urlDigits.indexOf(ref.charAt(index));
    if (digit < 0) throw new RangeError('not a base64url reference');
    value = value * 64 + digit;
  }
  // Read as a signed 48-bit integer, as Buffer.readIntBE(0, 6) would.
  return value >= 2 ** 47 ? value - 2 ** 48 : value;
}

const base64urlDigits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
