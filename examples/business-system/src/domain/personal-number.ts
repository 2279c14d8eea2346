/**
 * Swedish personal identity numbers (personnummer and samordningsnummer), 12 digits.
 * The 10-digit form is refused: its century is ambiguous, and guessing it would file a case under
 * someone else's number.
 */
const pattern = /^(\d{4})(\d{2})(\d{2})-?(\d{4})$/;

/** Returns the number as 12 digits without separator, or undefined if it is not a valid number. */
export function normalisePersonalNumber(input: string): string | undefined {
  const match = pattern.exec(input);
  if (match === null) return undefined;
  const [, year, month, day, last] = match as unknown as [string, string, string, string, string];
  // A samordningsnummer adds 60 to the day of birth.
  const dayOfMonth = Number(day) > 60 ? Number(day) - 60 : Number(day);
  if (!isCalendarDate(Number(year), Number(month), dayOfMonth)) return undefined;
  const digits = `${year}${month}${day}${last}`;
  return luhnValid(digits.slice(2)) ? digits : undefined;
}

export function isPersonalNumber(input: string): boolean {
  return normalisePersonalNumber(input) !== undefined;
}

/** For display to people who need to tell cases apart but not identify the applicant: 19121212-****. */
export function maskPersonalNumber(normalised: string): string {
  return `${normalised.slice(0, 8)}-****`;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Luhn over the 10-digit form; the last digit is the check digit. */
function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let index = 0; index < tenDigits.length; index++) {
    let value = Number(tenDigits[index]) * (index % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return sum % 10 === 0;
}
