import { generateKeyPairSync } from 'node:crypto';
import type { TokenRequestSeen } from '@brygga/test-idp';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logInAtTestIdp } from './browser.ts';
import {
  authorizationRequest,
  eServiceClient,
  freePort,
  gatewayAtIdp,
  identityEnv,
  type Stack,
  startStack,
  startTestIdp,
  type TestIdp,
} from './stack.ts';

/**
 * How the gateway authenticates to an identity provider, end to end against the real test IdP: private_key_jwt
 * (the Swedish profile's default; the IdP verifies the client assertion against the public key registered for
 * the gateway), refused when signed with another key; and the client-secret fallback.
 */

const eServiceOrigin = 'http://127.0.0.1:65042';
const redirectUri = `${eServiceOrigin}/callback`;
const toEService = (next: URL) => next.origin === eServiceOrigin;

const pem = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();
const gatewayKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicJwk = (key: typeof gatewayKey) => ({ ...key.publicKey.export({ format: 'jwk' }), kid: 'gw-1' });

const seen: TokenRequestSeen[] = [];
let idp: TestIdp;
let stack: Stack;

beforeAll(async () => {
  const port = await freePort();
  const gateway = gatewayAtIdp(`http://127.0.0.1:${port}`);
  const { client_secret: _secret, ...withoutSecret } = gateway;
  idp = await startTestIdp({
    clients: [
      // The gateway registered with its public key (what an operator sends the broker).
      {
        ...withoutSecret,
        client_id: 'gateway-pkjwt',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [publicJwk(gatewayKey)] },
      },
      // Registered with one key; the gateway is configured with another.
      {
        ...withoutSecret,
        client_id: 'gateway-wrong-key',
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [publicJwk(otherKey)] },
      },
      { ...gateway, client_id: 'gateway-secret' },
    ],
    onTokenRequest: (request) => seen.push(request),
    onError: () => {},
  });
  const env = { ...identityEnv(), IDP_KEY: pem(gatewayKey.privateKey) };
  const privateKeyJwt = { method: 'private_key_jwt', privateKey: { env: 'IDP_KEY' }, keyId: 'gw-1' };
  stack = await startStack({
    port,
    env,
    providers: [
      {
        id: 'pkjwt',
        name: 'BankID',
        issuer: idp.issuer,
        clientId: 'gateway-pkjwt',
        clientAuthentication: privateKeyJwt,
      },
      {
        id: 'wrong-key',
        name: 'BankID',
        issuer: idp.issuer,
        clientId: 'gateway-wrong-key',
        clientAuthentication: privateKeyJwt,
      },
      { id: 'secret', name: 'BankID', issuer: idp.issuer, clientId: 'gateway-secret' },
    ],
    eServices: [
      { id: 'svc-pkjwt', clientId: 'svc-pkjwt', redirectUri, providers: ['pkjwt'] },
      { id: 'svc-wrong-key', clientId: 'svc-wrong-key', redirectUri, providers: ['wrong-key'] },
      { id: 'svc-secret', clientId: 'svc-secret', redirectUri, providers: ['secret'] },
    ],
  });
}, 30_000);

afterAll(async () => {
  await stack?.close();
  await idp?.close();
});

/** A login through the gateway to the test IdP and back; the token requests the IdP saw meanwhile. */
async function login(clientId: string) {
  const from = seen.length;
  const browser = new Browser();
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', clientId);
  const started = await authorizationRequest(config, redirectUri);
  let step = await browser.follow(started.url, { stop: toEService });
  if (step.stopped === undefined && step.at.origin === new URL(idp.url).origin) {
    step = await logInAtTestIdp(browser, step, toEService);
  }
  const tokens =
    step.stopped === undefined
      ? undefined
      : await oidc.authorizationCodeGrant(config, step.stopped, {
          pkceCodeVerifier: started.verifier,
          expectedState: started.state,
          expectedNonce: started.nonce,
        });
  return { step, tokens, atIdp: seen.slice(from) };
}

describe('the gateway authenticating to the identity provider', () => {
  it('signs a client assertion (private_key_jwt) the IdP verifies with the registered public key', async () => {
    const { tokens, atIdp } = await login('svc-pkjwt');
    expect(tokens?.access_token).toBeTruthy();
    expect(atIdp).toEqual([{ clientId: 'gateway-pkjwt', clientAssertion: true, basic: false, status: 200 }]);
  });

  it('is refused when its assertion is signed with a key the IdP does not know: the login fails', async () => {
    const { step, tokens, atIdp } = await login('svc-wrong-key');
    expect(tokens).toBeUndefined();
    expect(step.response.status).toBe(401);
    expect(step.body).toContain('Inloggningen kunde inte slutföras');
    expect(atIdp).toEqual([expect.objectContaining({ clientAssertion: true, basic: false, status: 401 })]);
    const requestId = step.response.headers.get('x-request-id');
    const reasons = stack.logs
      .entries()
      .filter((line) => line.requestId === requestId)
      .map((line) => line.reason);
    expect(reasons).toContain('token_request_failed');
  });

  it('falls back to the configured client secret (HTTP Basic) where the IdP has no key of ours', async () => {
    const { tokens, atIdp } = await login('svc-secret');
    expect(tokens?.access_token).toBeTruthy();
    expect(atIdp).toEqual([{ clientId: 'gateway-secret', clientAssertion: false, basic: true, status: 200 }]);
  });
});
