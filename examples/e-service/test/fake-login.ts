import { LoginError, type LoginResult, type LoginTransaction } from '@brygga/sdk/auth';
import type { GatewayLogin } from '../src/gateway/login.ts';
import { loggedOutState } from '../src/gateway/login.ts';

export interface FakeLogin extends GatewayLogin {
  /** Logins completed so far. */
  readonly completed: number;
  /** The subject the next login gets (another person logging in in the same browser). */
  subject: string;
  /** Makes `start` fail, as an unreachable gateway would. */
  down: boolean;
}

/**
 * The gateway's OpenID side, faked: the SDK's login helpers are tested against a real provider in the SDK and
 * in the browser test; here only the e-service's use of them matters.
 */
export function fakeLogin(gatewayUrl: string, now: () => number = Date.now): FakeLogin {
  let count = 0;
  const fake: FakeLogin = {
    completed: 0,
    subject: 'pairwise-subject-1',
    down: false,
    async start() {
      if (fake.down) throw new TypeError('fetch failed');
      const state = `state-${++count}`;
      const transaction: LoginTransaction = {
        state,
        nonce: `nonce-${count}`,
        codeVerifier: 'v',
        maxAge: undefined,
      };
      return { url: new URL(`${gatewayUrl}/oidc/auth?state=${state}`), transaction };
    },
    async finish(callbackUrl, transaction): Promise<LoginResult> {
      if (callbackUrl.searchParams.get('state') !== transaction.state) {
        throw new LoginError('state_mismatch', 'The callback does not belong to this login.');
      }
      const oauthError = callbackUrl.searchParams.get('error');
      if (oauthError === 'access_denied') {
        throw new LoginError('access_denied', 'The gateway answered access_denied.', {
          oauthError: 'access_denied',
        });
      }
      // Any other error= is passed on as is, as the SDK does: whatever the query said.
      if (oauthError !== null) {
        throw new LoginError('login_failed', 'The gateway answered an error.', { oauthError });
      }
      const n = ++(fake as { completed: number }).completed;
      const seconds = Math.floor(now() / 1000);
      return {
        tokens: {
          accessToken: `access-token-${n}`,
          tokenType: 'bearer',
          expiresAt: now() + 300_000,
          scope: 'case-management',
          refreshToken: undefined,
          idToken: `id-token-${n}`,
        },
        claims: {
          iss: `${gatewayUrl}/oidc`,
          sub: fake.subject,
          aud: 'bygglov-ansokan',
          exp: seconds + 300,
          iat: seconds,
        },
      };
    },
    async logoutUrl(idToken) {
      return new URL(`${gatewayUrl}/oidc/session/end?id_token_hint=${idToken}&state=${loggedOutState}`);
    },
  };
  return fake;
}
