/**
 * Swedish personal identity numbers (personnummer, also samordningsnummer) in the 12-digit form
 * `YYYYMMDDNNNC`, as the contract carries them: no separator, century included, so no value depends on the
 * holder's age. The last digit is a Luhn check digit over the 10 digits that follow the century.
 */
export const personalIdentityNumberPattern = /^(?:19|20)\d{10}$/;

export function hasValidCheckDigit(value: string): boolean {
  if (!personalIdentityNumberPattern.test(value)) return false;
  let sum = 0;
  for (let i = 2; i < 12; i++) {
    let digit = Number(value[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return sum % 10 === 0;
}
