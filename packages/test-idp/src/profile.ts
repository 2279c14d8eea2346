/**
 * The Swedish OpenID Connect Profile (oidc-sweden 1.0) as this test IdP speaks it: scope, claim and
 * assurance-level names, and the few numbers the profile fixes. Constants only, so the gateway's tests can import
 * the same names instead of retyping URIs.
 */

export const scopes = {
  openid: 'openid',
  naturalPersonNumber: 'https://id.oidc.se/scope/naturalPersonNumber',
  naturalPersonInfo: 'https://id.oidc.se/scope/naturalPersonInfo',
  /** Signicat's own scope for its `nin` claims; only used by clients with `claimStyle: 'nin'`. */
  nin: 'nin',
} as const;

export const claimNames = {
  personalIdentityNumber: 'https://id.oidc.se/claim/personalIdentityNumber',
  coordinationNumber: 'https://id.oidc.se/claim/coordinationNumber',
  /** Informational; the profile releases it only when asked for with the `claims` parameter. */
  coordinationNumberLevel: 'https://id.oidc.se/claim/coordinationNumberLevel',
} as const;

/** Assurance levels (LoA URIs use `http://`, as the profile writes them). */
export const loa = {
  loa2: 'http://id.elegnamnden.se/loa/1.0/loa2',
  loa3: 'http://id.elegnamnden.se/loa/1.0/loa3',
  loa4: 'http://id.elegnamnden.se/loa/1.0/loa4',
  uncertifiedLoa3: 'http://id.swedenconnect.se/loa/1.0/uncertified-loa3',
} as const;

export type Loa = (typeof loa)[keyof typeof loa];

/** In the order the login page offers them; BankID is certified at loa3, so that is the default. */
export const supportedAcrValues: readonly Loa[] = [loa.loa3, loa.loa2, loa.loa4, loa.uncertifiedLoa3];
export const defaultAcr: Loa = loa.loa3;

/** The profile caps ID token lifetime at five minutes. */
export const idTokenTtlSeconds = 300;

/**
 * RFC 8176 methods for a BankID identification: a key held in the app (`swk`) unlocked with a security code
 * (`pin`), which together make it multi-factor (`mfa`).
 */
export const bankIdAmr: readonly string[] = ['mfa', 'swk', 'pin'];

/** How a broker hands over the number; the gateway's claim mapping is configured per IdP to match one of these. */
export const claimStyles = ['oidc-sweden', 'ssn', 'nin'] as const;
export type ClaimStyle = (typeof claimStyles)[number];

export function isClaimStyle(value: unknown): value is ClaimStyle {
  return typeof value === 'string' && (claimStyles as readonly string[]).includes(value);
}
