import { generateKeyPairSync } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TokenProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

export const tokenClient = {
  clientId: 'bygglov-backend',
  clientSecret: 'backend-secret-at-least-32-characters',
  redirectUri: 'http://127.0.0.1:65011/callback',
} as const;

/**
 * A real OpenID Provider (oidc-provider, certified) that issues refresh tokens and client-credentials tokens,
 * which the test BankID IdP does not: its own login and consent pages (devInteractions) accept any name.
 */
export async function startTokenProvider(): Promise<TokenProvider> {
  let handler: RequestListener = (_request, response) => response.writeHead(503).end();
  const server: Server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: tokenClient.clientId,
        client_secret: tokenClient.clientSecret,
        redirect_uris: [tokenClient.redirectUri],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        scope: 'openid offline_access case-management',
      },
    ],
    scopes: ['openid', 'offline_access', 'case-management'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, clientCredentials: { enabled: true } },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    // Refresh tokens for every code grant of this client, without the offline_access consent dance.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    cookies: { keys: ['test-only-cookie-key'] },
    jwks: {
      keys: [
        {
          ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
          alg: 'ES256',
          use: 'sig',
          kid: 'k1',
        },
      ],
    },
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      ClientCredentials: 600,
      Grant: 3600,
      IdToken: 300,
      Interaction: 600,
      RefreshToken: 3600,
      Session: 3600,
    },
  });
  handler = provider.callback();
  return {
    issuer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
