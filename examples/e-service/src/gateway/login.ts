import {
  discoverGateway,
  type GatewayAuth,
  handleCallback,
  type LoginResult,
  type LoginTransaction,
  logoutUrl,
  startLogin,
} from '@brygga/sdk/auth';

/** The `state` the gateway's logout comes back with: the start page then says the person is logged out. */
export const loggedOutState = 'utloggad';

/** The three steps of citizen login the routes need; the real one is {@link sdkGatewayLogin}. */
export interface GatewayLogin {
  /** Where to send the browser, and what to keep in the session until it comes back. */
  start(): Promise<{ readonly url: URL; readonly transaction: LoginTransaction }>;
  /** Completes the login from the full callback URL; rejects with the SDK's `LoginError`. */
  finish(callbackUrl: URL, transaction: LoginTransaction): Promise<LoginResult>;
  /** The gateway's end-session URL for this login; it sends the browser back to `/?state=utloggad`. */
  logoutUrl(idToken: string): Promise<URL>;
}

export interface SdkGatewayLoginOptions {
  readonly gatewayUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** This e-service's public address; `/callback` and `/` under it are registered at the gateway. */
  readonly publicUrl: string;
  /** The contracts the access token must cover. */
  readonly scope: readonly string[];
  readonly fetch?: typeof globalThis.fetch | undefined;
}

/**
 * Login through the gateway with @brygga/sdk/auth. The gateway's discovery document is read on the first login,
 * not at start, so the e-service starts (and answers /health) while the gateway is still coming up; a failed
 * discovery is tried again on the next login.
 */
export function sdkGatewayLogin(options: SdkGatewayLoginOptions): GatewayLogin {
  const issuer = `${options.gatewayUrl}/oidc`;
  let discovered: Promise<GatewayAuth> | undefined;
  const auth = () => {
    discovered ??= discoverGateway({
      issuer,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: `${options.publicUrl}/callback`,
      postLogoutRedirectUri: `${options.publicUrl}/`,
      // http:// only for a gateway on this machine (the local stack); anything else must be https.
      allowInsecureHttp: isLoopbackHttp(issuer),
      fetch: options.fetch,
    }).catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };
  return {
    start: async () => startLogin(await auth(), { scope: options.scope, uiLocales: 'sv' }),
    finish: async (callbackUrl, transaction) => handleCallback(await auth(), callbackUrl, transaction),
    logoutUrl: async (idToken) => logoutUrl(await auth(), { idToken, state: loggedOutState }),
  };
}

function isLoopbackHttp(address: string): boolean {
  const url = new URL(address);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}
