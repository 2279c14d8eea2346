import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, logInAtTestIdp } from '../../../test/identity/browser.ts';
import {
  authorizationRequest,
  eServiceClient,
  jwtPayload,
  type Stack,
  startStackAtTestIdp,
  type TestIdp,
} from '../../../test/identity/stack.ts';

// After the gateway's own session times out, the next login must not be completed by the provider's single
// sign-on without the citizen (the previous citizen, on a shared computer): the gateway asks it for prompt=login.
// Against the real test IdP, whose single sign-on otherwise skips its login page.

const eServiceOrigin = 'http://127.0.0.1:65031';
const redirectUri = `${eServiceOrigin}/callback`;

let idp: TestIdp;
let stack: Stack;

beforeAll(async () => {
  ({ idp, stack } = await startStackAtTestIdp([
    { id: 'svc', clientId: 'svc-client', redirectUri, providers: ['bankid'] },
  ]));
});

afterAll(async () => {
  await stack?.close();
  await idp?.close();
});

const toEService = (url: URL) => url.origin === eServiceOrigin;

/** Starts a login for the e-service; logs in at the IdP only if its page is shown. */
async function login(browser: Browser) {
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'svc-client');
  const started = await authorizationRequest(config, redirectUri);
  const first = await browser.follow(started.url, { stop: toEService });
  const idpPage = first.stopped === undefined && first.at.origin === new URL(idp.url).origin;
  const step = idpPage ? await logInAtTestIdp(browser, first, toEService) : first;
  if (step.stopped === undefined) throw new Error(`login did not return to the e-service: ${step.at.href}`);
  const tokens = await oidc.authorizationCodeGrant(config, step.stopped, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
  const ref = jwtPayload(tokens.access_token).session_ref as string;
  return { idpPage, tokens, ref };
}

const lastAuthorize = (browser: Browser) =>
  new URL(
    browser.urls.filter((url) => url.startsWith(idp.issuer) && url.includes('code_challenge=')).at(-1) ?? '',
  );

async function sessionRow(ref: string) {
  const [row] = await stack.gateway.store.query<{ expires_at: number; end_reason: string | null }>(
    'SELECT expires_at, end_reason FROM brygga_identity_sessions WHERE ref = $1',
    [ref],
  );
  return row;
}

describe('a login after the gateway session timed out', () => {
  for (const timeout of ['idle', 'expired'] as const) {
    it(`asks the provider for prompt=login (${timeout}), so its single sign-on cannot log anyone back in`, async () => {
      const browser = new Browser();
      const first = await login(browser);
      expect(first.idpPage).toBe(true);
      expect(lastAuthorize(browser).searchParams.get('prompt')).toBeNull();
      // Without a timeout the gateway's single sign-on answers, the IdP is not asked again.
      const sso = await login(browser);
      expect(sso.idpPage).toBe(false);
      const policy = stack.gateway.identity?.sessions.policy;
      if (policy === undefined) throw new Error('identity not wired');
      if (timeout === 'idle') {
        await stack.gateway.store.execute(
          'UPDATE brygga_identity_sessions SET last_seen_at = last_seen_at - $2 WHERE ref = $1',
          [first.ref, policy.idleMs + 60_000],
        );
      } else {
        await stack.gateway.store.execute(
          'UPDATE brygga_identity_sessions SET expires_at = $2 WHERE ref = $1',
          [first.ref, Date.now() - 1],
        );
      }
      const started = Math.floor(Date.now() / 1000);
      const again = await login(browser);
      expect((await sessionRow(first.ref))?.end_reason).toBe(timeout);
      expect(lastAuthorize(browser).searchParams.get('prompt')).toBe('login');
      // The IdP showed its login page again although its own session was still there.
      expect(again.idpPage).toBe(true);
      expect(again.tokens.claims()?.auth_time).toBeGreaterThanOrEqual(started - 1);
    });
  }
});

describe('a new gateway session', () => {
  it('counts its absolute limit from the authentication, as the OpenID Provider session does', async () => {
    const first = new Browser();
    const one = await login(first);
    // Another gateway session in a browser that still has the IdP's single sign-on: an older authentication.
    const second = new Browser();
    const idpHost = new URL(idp.url).host;
    for (const name of first.cookieNames(idpHost))
      second.plant(idpHost, name, first.cookie(idpHost, name) ?? '');
    const two = await login(second);
    expect(two.idpPage).toBe(false);
    const policy = stack.gateway.identity?.sessions.policy;
    if (policy === undefined) throw new Error('identity not wired');
    for (const each of [one, two]) {
      const authTime = each.tokens.claims()?.auth_time ?? 0;
      expect((await sessionRow(each.ref))?.expires_at).toBe(authTime * 1000 + policy.absoluteMs);
    }
    expect(two.tokens.claims()?.auth_time).toBe(one.tokens.claims()?.auth_time);
  });
});
