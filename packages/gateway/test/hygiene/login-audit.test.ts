import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractEntry, LiveExtractEntry } from '../../src/audit/index.ts';
import { Browser, formAction, hiddenValue, logInAtTestIdp } from '../identity/browser.ts';
import {
  authorizationRequest,
  eServiceClient,
  jwtPayload,
  type Stack,
  startStackAtTestIdp,
  type TestIdp,
} from '../identity/stack.ts';

/**
 * Logins and logouts in the audit log (Brygga issue 5, item 1), through a running gateway and the test IdP:
 * each login that reached a validated personnummer, each end of a login however it ended, filed under the
 * citizen so their extract shows it; and a login whose record cannot be written does not happen.
 */

const tolvan = '191212121212';
const eServiceOrigin = 'http://127.0.0.1:65040';
const redirectUri = `${eServiceOrigin}/callback`;
const postLogoutUri = `${eServiceOrigin}/logged-out`;
const toEService = (next: URL) => next.origin === eServiceOrigin;

let idp: TestIdp;
let stack: Stack;

beforeAll(async () => {
  ({ idp, stack } = await startStackAtTestIdp([
    {
      id: 'bygglov',
      clientId: 'bygglov-client',
      redirectUri,
      postLogoutRedirectUri: postLogoutUri,
      providers: ['bankid'],
    },
  ]));
}, 30_000);

afterAll(async () => {
  await stack?.close();
  await idp?.close();
});

/** Runs a login up to the test IdP's answer; `beforeCallback` may meddle before the gateway sees it. */
async function login(options: { browser?: Browser; beforeCallback?: () => Promise<void> } = {}) {
  const browser = options.browser ?? new Browser();
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', 'bygglov-client');
  const started = await authorizationRequest(config, redirectUri);
  let step = await browser.follow(started.url, { stop: toEService });
  if (step.stopped === undefined) {
    const atCallback = (next: URL) => next.pathname === '/auth/callback';
    step = await logInAtTestIdp(browser, step, (next) => toEService(next) || atCallback(next));
    if (step.stopped !== undefined && atCallback(step.stopped)) {
      await options.beforeCallback?.();
      step = await browser.follow(step.stopped, { stop: toEService });
    }
  }
  if (step.stopped === undefined) return { browser, config, page: step, tokens: undefined };
  const tokens = await oidc.authorizationCodeGrant(config, step.stopped, {
    pkceCodeVerifier: started.verifier,
    expectedState: started.state,
    expectedNonce: started.nonce,
  });
  return { browser, config, page: step, tokens };
}

async function records(operation: string): Promise<LiveExtractEntry[]> {
  const entries: ExtractEntry[] = await stack.gateway.audit.extract(tolvan);
  return entries.filter(
    (entry): entry is LiveExtractEntry => entry.status === 'live' && entry.operation === operation,
  );
}

async function activeSessions(): Promise<number> {
  const [row] = await stack.gateway.store.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM brygga_identity_sessions WHERE ended_at IS NULL',
  );
  return Number(row?.n ?? 0);
}

describe('logins and logouts in the audit log', () => {
  it('records a login through the test IdP under the citizen, for the e-service it was for', async () => {
    const before = (await records('login')).length;
    const { tokens } = await login();
    expect(tokens?.access_token).toBeTruthy();
    const logins = await records('login');
    expect(logins).toHaveLength(before + 1);
    expect(logins.at(-1)).toMatchObject({
      actor: 'citizen',
      eService: 'bygglov',
      businessSystem: null,
      purpose: 'brygga-inloggning',
      legalBasis: '6(1)(e)',
      dataCategories: ['personnummer'],
      outcome: 'success',
      problem: null,
    });
    // Filed under the person, whichever way the number is written when asked for.
    expect(await stack.gateway.audit.extract('19121212-1212')).toEqual(
      await stack.gateway.audit.extract(tolvan),
    );
  });

  it('records the logout an e-service asks for, done by the citizen, with that e-service', async () => {
    const { browser, config, tokens } = await login();
    const before = (await records('logout')).length;
    const endSession = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens?.id_token ?? '',
      post_logout_redirect_uri: postLogoutUri,
    });
    const confirm = await browser.follow(endSession, { stop: toEService });
    const atIdp = await browser.follow(new URL(formAction(confirm.body), confirm.at), {
      form: { xsrf: hiddenValue(confirm.body, 'xsrf') ?? '', logout: 'yes' },
      stop: toEService,
    });
    // On to the identity provider's own logout: its URL carries no ID token (it holds the personnummer).
    expect(atIdp.at.origin).toBe(new URL(idp.url).origin);
    expect(browser.urls.some((url) => url.includes('id_token_hint=') && url.startsWith(idp.url))).toBe(false);
    const logouts = await records('logout');
    expect(logouts).toHaveLength(before + 1);
    expect(logouts.at(-1)).toMatchObject({
      actor: 'citizen',
      eService: 'bygglov',
      purpose: 'brygga-inloggning',
      outcome: 'success',
    });
  });

  it('records a logout at the identity provider (back-channel), done by the gateway', async () => {
    const { browser } = await login();
    const before = (await records('logout')).length;
    const sessions = await activeSessions();
    const atIdp = await browser.follow(new URL('/session/end', idp.url));
    await browser.follow(new URL(formAction(atIdp.body), atIdp.at), {
      form: { xsrf: hiddenValue(atIdp.body, 'xsrf') ?? '', logout: 'yes' },
    });
    expect(await activeSessions()).toBe(sessions - 1);
    const logouts = await records('logout');
    expect(logouts).toHaveLength(before + 1);
    expect(logouts.at(-1)).toMatchObject({ actor: 'system', eService: null, outcome: 'success' });
  });

  it('records a login that timed out, when the timeout is found', async () => {
    const { tokens } = await login();
    const ref = jwtPayload(tokens?.access_token ?? '').session_ref as string;
    const before = (await records('logout')).length;
    await stack.gateway.store.execute(
      'UPDATE brygga_identity_sessions SET last_seen_at = last_seen_at - $2 WHERE ref = $1',
      [ref, 31 * 60_000],
    );
    expect(await stack.gateway.identity?.citizens(ref)).toBeUndefined();
    const logouts = await records('logout');
    expect(logouts).toHaveLength(before + 1);
    expect(logouts.at(-1)).toMatchObject({ actor: 'system', outcome: 'success' });
  });

  it('records a login that lapsed after the person was identified, as a failure', async () => {
    const before = (await records('login')).length;
    const { tokens, page } = await login({
      beforeCallback: async () => {
        await stack.gateway.store.execute(
          "DELETE FROM brygga_identity_oidc_records WHERE model = 'Interaction'",
        );
      },
    });
    expect(tokens).toBeUndefined();
    expect(page.response.status).toBe(400);
    const logins = await records('login');
    expect(logins).toHaveLength(before + 1);
    expect(logins.at(-1)).toMatchObject({
      outcome: 'failure',
      problem: 'interaction_expired',
      eService: 'bygglov',
    });
  });

  it('refuses a login whose record cannot be written: 503 page, no session, nothing for the e-service', async () => {
    const logins = (await records('login')).length;
    const sessions = await activeSessions();
    const rename = (from: string, to: string) =>
      stack.gateway.store.execute(`ALTER TABLE ${from} RENAME TO ${to}`);
    let refused: Awaited<ReturnType<typeof login>>;
    await rename('brygga_audit_records', 'brygga_audit_records_away');
    try {
      refused = await login();
    } finally {
      await rename('brygga_audit_records_away', 'brygga_audit_records');
    }
    expect(refused.tokens).toBeUndefined();
    expect(refused.page.response.status).toBe(503);
    expect(refused.page.body).toContain('Det går inte att logga in just nu.');
    expect(refused.page.response.headers.get('set-cookie') ?? '').not.toMatch(/_session=/);
    expect(await activeSessions()).toBe(sessions);
    expect(await records('login')).toHaveLength(logins);
    // The log works again, and so does logging in.
    expect((await login()).tokens?.access_token).toBeTruthy();
  });
});
