import { type EvilCase, evilCases, toCoordinationNumber } from '@brygga/test-idp';
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Browser, formAction, radioValues, selectedOption } from './browser.ts';
import {
  auditRecordsOf,
  authorizationRequest,
  eServiceClient,
  freePort,
  gatewayAtIdp,
  type Stack,
  startStack,
  startTestIdp,
  type TestIdp,
} from './stack.ts';

/**
 * The relying-party security suite against the real test BankID IdP in evil mode: every negative case of the
 * OpenID RP conformance tests, one login each through the whole gateway. Each must end on the gateway's error
 * page with a reference, with no session and no personnummer anywhere the browser or the log saw, refused for
 * the reason the case names (so no case passes for the wrong reason).
 */

const tolvan = '191212121212';
const numberForms = [tolvan, tolvan.slice(2), '19121212-1212', '121212-1212'];
const eServiceOrigin = 'http://127.0.0.1:65030';
const redirectUri = `${eServiceOrigin}/callback`;

/** The reason the gateway logs for each case. */
const expectedReason: Record<EvilCase, string> = {
  badSignature: 'id_token_signature',
  algNone: 'id_token_alg',
  hs256ClientSecret: 'id_token_alg',
  unknownKid: 'id_token_unknown_key',
  wrongIss: 'id_token_iss',
  wrongAud: 'id_token_aud',
  extraAud: 'id_token_aud',
  expired: 'id_token_exp',
  missingExp: 'id_token_exp',
  missingIat: 'id_token_iat',
  staleIat: 'id_token_iat',
  nonceMismatch: 'id_token_nonce',
  missingNonce: 'id_token_nonce',
  missingSub: 'id_token_sub',
  userinfoSubMismatch: 'userinfo_subject_mismatch',
  missingAcr: 'acr_missing',
  disallowedAcr: 'acr_not_allowed',
  staleAuthTime: 'auth_time_stale',
  missingPersonnummer: 'identity_number_missing',
  malformedPersonnummer: 'identity_number_malformed',
  badLuhn: 'identity_number_invalid',
  samordningsnummer: 'coordination_number_not_allowed',
  wrongAuthorizationIss: 'issuer_mismatch',
  missingAuthorizationIss: 'issuer_missing',
};

/** UserInfo cases need a provider that reads UserInfo; step-up cases need a step-up request. */
const viaUserinfo = new Set<EvilCase>(['userinfoSubMismatch']);
const stepUp: Partial<Record<EvilCase, Record<string, string>>> = { staleAuthTime: { prompt: 'login' } };

let idp: TestIdp;
let stack: Stack;

beforeAll(async () => {
  const port = await freePort();
  const gatewayUrl = `http://127.0.0.1:${port}`;
  idp = await startTestIdp({
    clients: [gatewayAtIdp(gatewayUrl), { ...gatewayAtIdp(gatewayUrl), client_id: 'brygga-gateway-ui' }],
  });
  stack = await startStack({
    port,
    providers: [
      { id: 'bankid', name: 'BankID', issuer: idp.issuer, allowCoordinationNumber: false },
      {
        id: 'bankid-ui',
        name: 'BankID (UserInfo)',
        issuer: idp.issuer,
        clientId: 'brygga-gateway-ui',
        claims: { source: 'userinfo' },
        allowCoordinationNumber: false,
      },
    ],
    eServices: [
      { id: 'svc', clientId: 'svc-client', redirectUri, providers: ['bankid'] },
      { id: 'svc-ui', clientId: 'svc-ui-client', redirectUri, providers: ['bankid-ui'] },
    ],
  });
});

afterEach(() => idp.setEvil(undefined));
afterAll(async () => {
  await stack?.close();
  await idp?.close();
});

const toEService = (url: URL) => url.origin === eServiceOrigin;

async function activeSessions(): Promise<number> {
  const [row] = await stack.gateway.store.query<{ n: number }>(
    'SELECT COUNT(*) AS n FROM brygga_identity_sessions WHERE ended_at IS NULL',
  );
  return Number(row?.n ?? 0);
}

/** An e-service login through the gateway, picking Tolvan on the test IdP's page. */
async function login(clientId: string, params: Record<string, string> = {}) {
  const browser = new Browser();
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', clientId);
  const started = await authorizationRequest(config, redirectUri, params);
  let step = await browser.follow(started.url, { stop: toEService });
  let pickerPage = -1;
  if (step.stopped === undefined && step.at.origin === new URL(idp.url).origin) {
    const html = step.body;
    pickerPage = browser.bodies.length - 1;
    const person = radioValues(html, 'person')[0] ?? '';
    step = await browser.follow(new URL(formAction(html), step.at), {
      form: { person, outcome: 'success', acr: selectedOption(html) ?? '' },
      stop: toEService,
    });
  }
  return { browser, config, started, step, pickerPage };
}

/**
 * Everything the browser received except the test IdP's person picker, which lists the fixture persons'
 * numbers by design (the IdP stands in for the BankID app, where the person is known).
 */
function seenExceptPicker(browser: Browser, pickerPage: number): string {
  const bodies = browser.bodies.filter((_body, index) => index !== pickerPage);
  return [...browser.urls, ...browser.setCookies, ...browser.headers, ...bodies].join('\n');
}

function expectNone(text: string, forms: readonly string[]): void {
  for (const form of forms) expect(text).not.toContain(form);
}

describe('the gateway against the test IdP in evil mode', () => {
  it('logs in normally when the IdP behaves (the baseline every case departs from)', async () => {
    for (const clientId of ['svc-client', 'svc-ui-client']) {
      const { step, started, config } = await login(clientId);
      expect(step.stopped).toBeDefined();
      const tokens = await oidc.authorizationCodeGrant(config, step.stopped as URL, {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
        expectedNonce: started.nonce,
      });
      expect(tokens.claims()?.sub).toBeTypeOf('string');
    }
  });

  it.each(evilCases.map((evil) => [evil]))('refuses %s', async (evil) => {
    const upstreamClient = viaUserinfo.has(evil) ? 'brygga-gateway-ui' : 'brygga-gateway';
    idp.setEvil(evil, upstreamClient);
    const before = await activeSessions();
    const { step, browser, pickerPage } = await login(
      viaUserinfo.has(evil) ? 'svc-ui-client' : 'svc-client',
      stepUp[evil],
    );

    expect(step.stopped).toBeUndefined();
    expect(step.at.origin).not.toBe(new URL(idp.url).origin);
    expect(step.response.status).toBe(401);
    expect(step.response.headers.get('content-type')).toMatch(/^text\/html/);
    const requestId = step.response.headers.get('x-request-id') ?? 'missing';
    expect(step.body).toContain(`<code>${requestId}</code>`);
    expect(step.body).toContain('Inloggningen kunde inte slutföras');
    expect(browser.setCookies.filter((line) => line.startsWith('brygga-session='))).toEqual([]);
    expect(await activeSessions()).toBe(before);

    // Neither the real number nor the tampered one reaches the browser or the log.
    const forms = [...numberForms, '191212121213', toCoordinationNumber(tolvan)];
    expect(pickerPage).toBeGreaterThanOrEqual(0);
    expectNone(seenExceptPicker(browser, pickerPage), forms);
    expectNone(stack.logs.text(), forms);
    const reasons = stack.logs
      .entries()
      .filter((line) => line.requestId === requestId)
      .map((line) => line.reason)
      .filter((reason) => reason !== undefined);
    expect(reasons).toContain(expectedReason[evil]);

    // And an audit record of the refusal, about no one: neither number is kept, not even as a reference.
    const audited = await auditRecordsOf(stack, requestId);
    expect(audited.records).toEqual([
      expect.objectContaining({
        actor: { kind: 'system', id: 'brygga-identity' },
        subject: null,
        eService: viaUserinfo.has(evil) ? 'svc-ui' : 'svc',
        operation: 'login',
        outcome: { status: 'failure', problem: expectedReason[evil] },
        details: { identityProvider: viaUserinfo.has(evil) ? 'bankid-ui' : 'bankid' },
      }),
    ]);
    expectNone(audited.text, forms);
  });
});
