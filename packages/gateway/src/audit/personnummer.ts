import personnummerModule from 'personnummer';

// The package ships CommonJS whose module.exports is the class itself, while its types declare an ES
// default export; under Node's interop the default import is that class.
const Personnummer = personnummerModule as unknown as typeof personnummerModule.default;

/**
 * The one form a personnummer or samordningsnummer is keyed in: 12 digits, YYYYMMDDNNNC, no separator.
 * Accepts what people write: 10 or 12 digits, with or without `-`, and `+` for people aged 100 or more
 * (which decides the century of a 10-digit number). Returns undefined for anything that is not a valid
 * number (wrong check digit, impossible date); the input is never echoed, so callers cannot leak it by
 * accident in an error message. Interim numbers (T, R... in place of digits) are not personal identity
 * numbers and are refused. Pure, apart from the current year the library reads for 10-digit numbers.
 */
export function normalisePersonnummer(input: string): string | undefined {
  const text = input.trim();
  if (!/^(?:\d{6}|\d{8})[-+]?\d{4}$/.test(text)) return undefined;
  try {
    return Personnummer.parse(text, { allowCoordinationNumber: true, allowInterimNumber: false }).format(
      true,
    );
  } catch {
    return undefined;
  }
}
