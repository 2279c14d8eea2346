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

/**
 * Like containsPersonnummer, but only for digit runs whose date part is a possible birth date (month 01–12, day
 * 01–31, or 61–91 for a samordningsnummer); no checksum, since a mistyped number is still personal data. For
 * decisions that cost something when wrong, such as refusing to continue a caller's trace: a random hex id holds
 * a 10-digit run now and then, but seldom one that reads as a date.
 */
export function containsPlausiblePersonnummer(text: string): boolean {
  for (const match of text.matchAll(personnummerShape)) {
    const digits = match[0].replace(/[-+ ]/, '');
    const date = digits.length === 12 ? digits.slice(2, 8) : digits.slice(0, 6);
    const month = Number(date.slice(2, 4));
    const day = Number(date.slice(4, 6));
    if (month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91))) return true;
  }
  return false;
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
