/**
 * Request body types the identity routes take besides JSON: OAuth and OpenID Connect speak HTML forms (the
 * token endpoint, logout confirmations, back-channel logout tokens, the login page's own forms). Kept apart from
 * the rest of the identity module so the gateway can configure its app without loading it.
 */
export const identityContentTypes: Readonly<Record<string, readonly string[]>> = {
  '/oidc/': ['application/x-www-form-urlencoded'],
  '/login/': ['application/x-www-form-urlencoded'],
  '/auth/': ['application/x-www-form-urlencoded'],
};

/** Whether the configuration asks for citizen login at all (an identity provider and an e-service using it). */
export function identityConfigured(config: {
  readonly identityProviders: readonly unknown[];
  readonly eServices: readonly unknown[];
}): boolean {
  return config.identityProviders.length > 0 && config.eServices.length > 0;
}
