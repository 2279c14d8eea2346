import { claimNames } from './profile.ts';

/**
 * Evil mode: each negative case of the OpenID RP conformance tests (and the Swedish profile's number checks)
 * as one deliberate mistake in an otherwise correct login. Pure: what to change, not how it reaches the wire
 * (evil-middleware.ts does that). A relying party must refuse every one of these logins.
 */
export const evilCases = [
  'badSignature',
  'algNone',
  'hs256ClientSecret',
  'unknownKid',
  'wrongIss',
  'wrongAud',
  'extraAud',
  'expired',
  'missingExp',
  'missingIat',
  'staleIat',
  'nonceMismatch',
  'missingNonce',
  'missingSub',
  'userinfoSubMismatch',
  'missingAcr',
  'disallowedAcr',
  'staleAuthTime',
  'missingPersonnummer',
  'malformedPersonnummer',
  'badLuhn',
  'samordningsnummer',
  'wrongAuthorizationIss',
  'missingAuthorizationIss',
] as const;
export type EvilCase = (typeof evilCases)[number];

export function isEvilCase(value: unknown): value is EvilCase {
  return typeof value === 'string' && (evilCases as readonly string[]).includes(value);
}

/** How the ID token is signed: normally with the IdP's current key. */
export type EvilSigning = 'normal' | 'foreignKey' | 'foreignKeyUnknownKid' | 'none' | 'hs256ClientSecret';

export function evilSigning(evil: EvilCase): EvilSigning {
  switch (evil) {
    case 'badSignature':
      return 'foreignKey';
    case 'unknownKid':
      return 'foreignKeyUnknownKid';
    case 'algNone':
      return 'none';
    case 'hs256ClientSecret':
      return 'hs256ClientSecret';
    default:
      return 'normal';
  }
}

const numberClaims = [claimNames.personalIdentityNumber, claimNames.coordinationNumber, 'ssn', 'nin'];
const oneHour = 3600;
export const evilIssuer = 'https://evil.example';
export const evilAcr = 'http://id.elegnamnden.se/loa/1.0/loa2';

/** The ID token claims for an evil case; unchanged when the case is not about ID token claims. */
export function evilIdTokenClaims(
  evil: EvilCase,
  claims: Readonly<Record<string, unknown>>,
  context: { readonly clientId: string; readonly now: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...claims };
  const { now, clientId } = context;
  switch (evil) {
    case 'wrongIss':
      out.iss = evilIssuer;
      break;
    case 'wrongAud':
      out.aud = 'another-client';
      break;
    case 'extraAud':
      out.aud = [clientId, 'untrusted-client'];
      out.azp = clientId;
      break;
    case 'expired':
      out.iat = now - 600;
      out.exp = now - 300;
      break;
    case 'missingExp':
      delete out.exp;
      break;
    case 'missingIat':
      delete out.iat;
      break;
    case 'staleIat':
      // A valid exp with an hour-old iat: openid-client alone accepts it.
      out.iat = now - oneHour;
      break;
    case 'nonceMismatch':
      out.nonce = 'nonce-of-another-login';
      break;
    case 'missingNonce':
      delete out.nonce;
      break;
    case 'missingSub':
      delete out.sub;
      break;
    case 'missingAcr':
      delete out.acr;
      break;
    case 'disallowedAcr':
      out.acr = evilAcr;
      break;
    case 'staleAuthTime':
      out.auth_time = now - oneHour;
      break;
    case 'missingPersonnummer':
      for (const name of numberClaims) delete out[name];
      break;
    case 'malformedPersonnummer':
      replaceNumber(out, () => '19990101-ABCD');
      break;
    case 'badLuhn':
      replaceNumber(out, (value) => value.slice(0, 11) + String((Number(value.slice(11)) + 1) % 10));
      break;
    case 'samordningsnummer': {
      const [name, value] = numberEntry(out) ?? [];
      if (name === undefined || value === undefined) break;
      delete out[name];
      const target = name === claimNames.personalIdentityNumber ? claimNames.coordinationNumber : name;
      out[target] = toCoordinationNumber(value);
      break;
    }
    default:
      break;
  }
  return out;
}

/** The UserInfo response for an evil case. */
export function evilUserinfo(
  evil: EvilCase,
  claims: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  if (evil === 'userinfoSubMismatch') return { ...claims, sub: 'someone-else' };
  // The number checks apply wherever a broker puts the number (Signicat: UserInfo only).
  if (['missingPersonnummer', 'malformedPersonnummer', 'badLuhn', 'samordningsnummer'].includes(evil)) {
    const { sub, ...rest } = claims;
    return { ...evilIdTokenClaims(evil, rest, { clientId: '', now: 0 }), sub };
  }
  return { ...claims };
}

/** The authorization response's redirect (RFC 9207 `iss`) for an evil case; unchanged for other cases. */
export function evilAuthorizationResponse(evil: EvilCase, location: URL): URL {
  const out = new URL(location);
  if (evil === 'wrongAuthorizationIss') out.searchParams.set('iss', evilIssuer);
  if (evil === 'missingAuthorizationIss') out.searchParams.delete('iss');
  return out;
}

function numberEntry(claims: Record<string, unknown>): [string, string] | undefined {
  for (const name of numberClaims) {
    const value = claims[name];
    if (typeof value === 'string') return [name, value];
  }
  return undefined;
}

function replaceNumber(claims: Record<string, unknown>, change: (value: string) => string): void {
  const entry = numberEntry(claims);
  if (entry) claims[entry[0]] = change(entry[1]);
}

/** The same birth date and serial as a samordningsnummer (day + 60), with a correct check digit. */
export function toCoordinationNumber(personnummer: string): string {
  const day = Number(personnummer.slice(6, 8));
  const body = `${personnummer.slice(2, 6)}${String(day > 60 ? day : day + 60)}${personnummer.slice(8, 11)}`;
  return `${personnummer.slice(0, 2)}${body}${luhnDigit(body)}`;
}

/** The Luhn check digit over the nine digits YYMMDDNNN. */
export function luhnDigit(nine: string): number {
  let sum = 0;
  for (let index = 0; index < nine.length; index++) {
    const doubled = Number(nine[index]) * (index % 2 === 0 ? 2 : 1);
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10;
}
