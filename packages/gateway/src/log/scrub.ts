/**
 * Masks anything shaped like a Swedish personnummer or samordningsnummer: 10 or 12 digits, optionally with one
 * separator before the last four: `-`, `+`, a space or no-break space (U+00A0), a Unicode dash or minus sign
 * (U+2010–U+2015, U+2212: word processors turn `-` into an en dash), or a dash between spaces (` - `, ` – `).
 * Deliberately shape-based, not checksum-based: a mistyped number is still personal data, and masking a
 * harmless number costs nothing. The digit runs must still be exactly 6 or 8 and 4 long, so ranges such as
 * `8080–8090` or `20260101–20261231` stay as they are.
 */
const personnummerShape =
  /(?<!\d)(?:\d{8}|\d{6})(?:[-+ \u00a0\u2010-\u2015\u2212]|[ \u00a0][-\u2010-\u2015\u2212][ \u00a0])?\d{4}(?!\d)/g;

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
    const digits = match[0].replace(/\D/g, '');
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
