/**
 * Masks anything shaped like a Swedish personnummer or samordningsnummer: 10 or 12 digits, optionally with
 * `-`, `+` or a space before the last four. Deliberately shape-based, not checksum-based: a mistyped
 * number is still personal data, and masking a harmless number costs nothing.
 */
const personnummerShape = /(?<!\d)(?:\d{8}|\d{6})[-+ ]?\d{4}(?!\d)/g;

export const personnummerMask = '[personnummer]';

export function containsPersonnummer(text: string): boolean {
  personnummerShape.lastIndex = 0;
  return personnummerShape.test(text);
}

export function maskPersonnummer(text: string): string {
  return text.replace(personnummerShape, personnummerMask);
}

/** A bare integer of 10 or 12 digits is the same number without quotes. */
function isPersonnummerShapedNumber(value: number): boolean {
  if (!Number.isSafeInteger(value) || value < 0) return false;
  const digits = String(value).length;
  return digits === 10 || digits === 12;
}

/**
 * Returns a copy of a JSON-like value with every string (keys included) masked and every personnummer-shaped
 * integer replaced by the mask. Pure; used on log lines and problem documents alike.
 */
export function scrubDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonnummer(value);
  if (typeof value === 'number') return isPersonnummerShapedNumber(value) ? personnummerMask : value;
  if (Array.isArray(value)) return value.map(scrubDeep);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[maskPersonnummer(key)] = scrubDeep(inner);
    return out;
  }
  return value;
}
