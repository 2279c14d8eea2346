/**
 * Cookie names and attributes. Behind https every cookie is Secure and HttpOnly; names use the `__Host-` prefix
 * (Secure, Path=/, no Domain: only this host can set or read them) except oidc-provider's two interaction
 * cookies, which are scoped to one login's path and so take `__Secure-`. Plain http (development on localhost)
 * cannot use either prefix.
 *
 * SameSite is Lax throughout, on purpose: each of these cookies must come along on a top-level redirect from
 * another site (the identity provider sending the citizen back, an e-service starting a login or a logout).
 * Strict would drop them exactly then. Lax still keeps them off cross-site POSTs, images and frames.
 */
export interface CookieNames {
  readonly login: string;
  readonly session: string;
  readonly interaction: string;
  readonly resume: string;
}

export function cookieNames(https: boolean): CookieNames {
  return https
    ? {
        login: '__Host-brygga-login',
        session: '__Host-brygga-session',
        interaction: '__Secure-brygga-interaction',
        resume: '__Secure-brygga-resume',
      }
    : {
        login: 'brygga-login',
        session: 'brygga-session',
        interaction: 'brygga-interaction',
        resume: 'brygga-resume',
      };
}
