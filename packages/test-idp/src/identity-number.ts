import personnummerModule from 'personnummer';

// The package's types declare an ES default export, but Node loads its CommonJS build, whose module.exports is
// the class itself; bundlers may pick its ES build instead. Accept either shape.
type PersonnummerClass = typeof personnummerModule.default;
const loaded = personnummerModule as unknown as PersonnummerClass & { default?: PersonnummerClass };
const Personnummer: PersonnummerClass = loaded.default ?? loaded;

/**
 * Swedish identity numbers, pure. Everything downstream carries only the 12-digit form `YYYYMMDDNNNC`; the typed
 * forms people use (`YYMMDD-NNNN`, `+` for 100 years or older) are accepted at the edge and normalised here.
 */

export type NumberKind = 'personnummer' | 'samordningsnummer';

export interface IdentityNumber {
  /** Always 12 digits, no separator. */
  readonly value: string;
  readonly kind: NumberKind;
  /** `YYYY-MM-DD`; for a samordningsnummer the day has 60 taken off. */
  readonly birthdate: string;
}

/** `format`: not shaped like a number at all; `invalid`: shaped right but the date or check digit is wrong. */
export type ParseFailure = 'format' | 'invalid';

export type ParseResult =
  | { readonly ok: true; readonly number: IdentityNumber }
  | { readonly ok: false; readonly reason: ParseFailure };

const shape = /^(\d{6}|\d{8})[-+]?\d{4}$/;

export function parseIdentityNumber(input: string): ParseResult {
  const compact = input.replace(/\s+/g, '');
  if (!shape.test(compact)) return { ok: false, reason: 'format' };
  let parsed: InstanceType<PersonnummerClass>;
  try {
    // Interim numbers are not issued to citizens and never come back from BankID.
    parsed = Personnummer.parse(compact, { allowCoordinationNumber: true, allowInterimNumber: false });
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const value = parsed.format(true);
  const kind: NumberKind = parsed.isCoordinationNumber() ? 'samordningsnummer' : 'personnummer';
  return { ok: true, number: { value, kind, birthdate: birthdateOf(value, kind) } };
}

function birthdateOf(value: string, kind: NumberKind): string {
  const day = Number(value.slice(6, 8)) - (kind === 'samordningsnummer' ? 60 : 0);
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${String(day).padStart(2, '0')}`;
}

/** Completed years on `today` (a `YYYY-MM-DD` date), so callers decide what "now" is. */
export function ageOn(birthdate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthdate.slice(0, 4));
  return today.slice(5) < birthdate.slice(5) ? years - 1 : years;
}

/** `YYYYMMDD-NNNN`, the way people read a 12-digit number. */
export function displayForm(value: string): string {
  return `${value.slice(0, 8)}-${value.slice(8)}`;
}
