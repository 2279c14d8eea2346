import personnummerModule from 'personnummer';

// The package ships CommonJS whose module.exports is the class itself, while its types declare an ES default
// export; under Node's interop the default import is that class.
const Personnummer = personnummerModule as unknown as typeof personnummerModule.default;

export type IdentityNumberKind = 'personnummer' | 'samordningsnummer';

/** Why a provider's number was refused. Codes only: the number itself never travels in a result or a log. */
export type IdentityNumberProblem = 'missing' | 'malformed' | 'invalid' | 'coordination_number_not_allowed';

export type IdentityNumberResult =
  | { readonly ok: true; readonly number: string; readonly kind: IdentityNumberKind }
  | { readonly ok: false; readonly problem: IdentityNumberProblem };

export interface IdentityNumberRules {
  readonly allowCoordinationNumber: boolean;
}

/** The only form a provider may send and the gateway stores: YYYYMMDDNNNC, 12 digits, no separator. */
const transportForm = /^\d{12}$/;

/**
 * Checks a personnummer or samordningsnummer as an identity provider sends it: the 12-digit form only (a
 * 10-digit or hyphenated number means a broker that deviates from the profile), a real date (day + 60 for a
 * samordningsnummer) and the Luhn check digit. Interim numbers are not identity numbers and are refused.
 */
export function checkIdentityNumber(value: unknown, rules: IdentityNumberRules): IdentityNumberResult {
  if (value === undefined || value === null || value === '') return { ok: false, problem: 'missing' };
  if (typeof value !== 'string' || !transportForm.test(value)) return { ok: false, problem: 'malformed' };
  let parsed: InstanceType<typeof Personnummer>;
  try {
    parsed = Personnummer.parse(value, { allowCoordinationNumber: true, allowInterimNumber: false });
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  // The library re-derives the century; a number that does not read back the same was not what it seemed.
  if (parsed.format(true) !== value) return { ok: false, problem: 'invalid' };
  const kind: IdentityNumberKind = parsed.isCoordinationNumber() ? 'samordningsnummer' : 'personnummer';
  if (kind === 'samordningsnummer' && !rules.allowCoordinationNumber) {
    return { ok: false, problem: 'coordination_number_not_allowed' };
  }
  return { ok: true, number: value, kind };
}

export interface ClaimMapping extends IdentityNumberRules {
  /** The claim holding the personnummer: the profile's claim, `ssn` (Idura) or `nin` (Signicat). */
  readonly personalIdentityNumber: string;
  /** The claim holding a samordningsnummer when the provider keeps it apart (the Swedish profile does). */
  readonly coordinationNumber?: string | undefined;
}

/**
 * Reads the identity number from a provider's claims as configured for that provider. The personnummer claim
 * wins; the samordningsnummer claim is read only when it is absent, and must then hold a samordningsnummer.
 */
export function readIdentityNumber(
  claims: Readonly<Record<string, unknown>>,
  mapping: ClaimMapping,
): IdentityNumberResult {
  const primary = claims[mapping.personalIdentityNumber];
  if (primary !== undefined) return checkIdentityNumber(primary, mapping);
  const coordinationClaim = mapping.coordinationNumber;
  if (coordinationClaim === undefined || coordinationClaim === mapping.personalIdentityNumber) {
    return { ok: false, problem: 'missing' };
  }
  const secondary = claims[coordinationClaim];
  if (secondary === undefined) return { ok: false, problem: 'missing' };
  const result = checkIdentityNumber(secondary, mapping);
  if (result.ok && result.kind !== 'samordningsnummer') return { ok: false, problem: 'invalid' };
  return result;
}
