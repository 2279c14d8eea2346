/**
 * RFC 8785 JSON Canonicalization Scheme: the one byte sequence a JSON value hashes and signs as. Object keys
 * sorted by UTF-16 code units, no whitespace, numbers written as ECMAScript writes them, strings escaped as
 * `JSON.stringify` does (which is what RFC 8785 §3.2.2.2 prescribes). Pure.
 *
 * Only I-JSON (RFC 7493) is accepted: a value that has no canonical form (undefined, NaN, a lone surrogate,
 * a class instance) throws instead of being written in some form a verifier might not reproduce.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no form for NaN or Infinity');
      // ECMAScript's Number-to-String is RFC 8785's number format; -0 is written 0, as it requires.
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError('canonical JSON takes plain objects only');
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 asks for.
      const keys = Object.keys(record).sort();
      const members: string[] = [];
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) throw new TypeError('canonical JSON has no form for undefined');
        members.push(`${canonicalString(key)}:${canonicalJson(member)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
  }
}

const loneSurrogate = /\p{Surrogate}/u;

function canonicalString(text: string): string {
  // With the u flag a valid pair is one code point, so only unpaired halves match.
  if (loneSurrogate.test(text)) throw new TypeError('canonical JSON has no form for a lone surrogate');
  return JSON.stringify(text);
}
