import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractEntry, LiveExtractEntry } from '../../src/audit/index.ts';
import { buildRecordOfProcessing } from '../../src/registry/processing-record.ts';
import { Browser, logInAtTestIdp } from './browser.ts';
import {
  authorizationRequest,
  eServiceClient,
  gatewayConfig,
  identityEnv,
  jwtPayload,
  type Stack,
  startStackAtTestIdp,
  type TestIdp,
} from './stack.ts';

/**
 * The personnummer released to an e-service that declared the need (issue 4, gap 1), through a running gateway
 * and the test IdP: only to that e-service, only when it asks, and only once the release is in the audit log.
 */

const tolvan = '191212121212';
const scope = 'https://id.oidc.se/scope/naturalPersonNumber';
const claim = 'https://id.oidc.se/claim/personalIdentityNumber';
const eServiceOrigin = 'http://127.0.0.1:65041';
const redirectUri = `${eServiceOrigin}/callback`;
const toEService = (next: URL) => next.origin === eServiceOrigin;

let idp: TestIdp;
let stack: Stack;

beforeAll(async () => {
  ({ idp, stack } = await startStackAtTestIdp([
    {
      id: 'bygglov',
      clientId: 'bygglov-client',
      redirectUri,
      providers: ['bankid'],
      identity: {
        personalIdentityNumber: {
          purpose: 'handlagga',
          reason: { sv: 'Ansökan förs in i ärendet.', en: 'The application goes into the case.' },
        },
      },
    },
    { id: 'parkering', clientId: 'parkering-client', redirectUri, providers: ['bankid'] },
  ]));
}, 30_000);

afterAll(async () => {
  await stack?.close();
  await idp?.close();
});

/** A login of Tolvan to the e-service, up to its callback (or wherever it stopped). */
async function login(clientId: string, params: Record<string, string> = {}) {
  const browser = new Browser();
  const config = await eServiceClient(stack.gateway.identity?.issuer ?? '', clientId);
  const started = await authorizationRequest(config, redirectUri, params);
  let step = await browser.follow(started.url, { stop: toEService });
  if (step.stopped === undefined && step.at.origin === new URL(idp.url).origin) {
    step = await logInAtTestIdp(browser, step, toEService);
  }
  if (step.stopped === undefined) throw new Error(`no callback: ${step.at.href}`);
  const callback = step.stopped;
  const exchange = () =>
    oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
      expectedNonce: started.nonce,
    });
  return { callback, exchange };
}

async function releases(): Promise<LiveExtractEntry[]> {
  const entries: ExtractEntry[] = await stack.gateway.audit.extract(tolvan);
  return entries.filter(
    (entry): entry is LiveExtractEntry =>
      entry.status === 'live' && entry.operation === 'release-personnummer',
  );
}

describe('the personnummer for an e-service that declared the need', () => {
  it('is in the ID token when the e-service asks for the scope, and the release is an audit record', async () => {
    const before = (await releases()).length;
    const tokens = await (
      await login('bygglov-client', { scope: `openid case-management ${scope}` })
    ).exchange();
    const idToken = jwtPayload(tokens.id_token ?? '');
    expect(idToken[claim]).toBe(tolvan);
    expect(idToken.sub).not.toContain(tolvan.slice(2));
    // The access token still carries only the session reference.
    expect(tokens.access_token).not.toContain(tolvan);
    expect(JSON.stringify(jwtPayload(tokens.access_token))).not.toContain(tolvan.slice(2));
    const after = await releases();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      actor: 'system',
      eService: 'bygglov',
      purpose: 'handlagga',
      dataCategories: ['personnummer'],
      outcome: 'success',
    });
  });

  it('is in the ID token when asked for by the claims parameter instead', async () => {
    const claims = JSON.stringify({ id_token: { [claim]: { essential: true } } });
    const tokens = await (await login('bygglov-client', { claims })).exchange();
    expect(jwtPayload(tokens.id_token ?? '')[claim]).toBe(tolvan);
  });

  it('is not released when the e-service does not ask for it', async () => {
    const before = (await releases()).length;
    const tokens = await (await login('bygglov-client')).exchange();
    expect(JSON.stringify(jwtPayload(tokens.id_token ?? ''))).not.toContain(tolvan.slice(2));
    expect(await releases()).toHaveLength(before);
  });

  it('is not issued when its release cannot be recorded: the token request fails (fail closed)', async () => {
    const before = (await releases()).length;
    const { exchange } = await login('bygglov-client', { scope: `openid ${scope}` });
    const rename = (from: string, to: string) =>
      stack.gateway.store.execute(`ALTER TABLE ${from} RENAME TO ${to}`);
    let outcome: unknown;
    await rename('brygga_audit_records', 'brygga_audit_records_away');
    try {
      outcome = await exchange().catch((error: unknown) => error);
    } finally {
      await rename('brygga_audit_records_away', 'brygga_audit_records');
    }
    // oidc-provider's server_error: no ID token, no access token for the e-service.
    const response = (outcome as { cause?: unknown }).cause;
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(500);
    const body = await (response as Response).text();
    expect(JSON.parse(body)).toMatchObject({ error: 'server_error' });
    expect(body).not.toContain(tolvan.slice(2));
    expect(await releases()).toHaveLength(before);
    expect(stack.logs.text()).not.toContain(tolvan.slice(2));
  });
});

describe('an e-service that did not declare the need', () => {
  it('is refused the scope (invalid_scope, back at its redirect URI) and no release happens', async () => {
    const before = (await releases()).length;
    const { callback } = await login('parkering-client', { scope: `openid ${scope}` });
    expect(callback.searchParams.get('error')).toBe('invalid_scope');
    expect(callback.searchParams.has('code')).toBe(false);
    expect(await releases()).toHaveLength(before);
  });

  it('does not get the claim by asking for it in the claims parameter', async () => {
    const before = (await releases()).length;
    const claims = JSON.stringify({ id_token: { [claim]: { essential: true } } });
    const tokens = await (await login('parkering-client', { claims })).exchange();
    const idToken = jwtPayload(tokens.id_token ?? '');
    expect(idToken).not.toHaveProperty(claim);
    expect(JSON.stringify(idToken)).not.toContain(tolvan.slice(2));
    expect(await releases()).toHaveLength(before);
  });
});

describe('the declaration in the configuration', () => {
  it('shows in the record of processing: which e-service receives the personnummer, for which purpose, and why', () => {
    const reason = { sv: 'Ansökan förs in i ärendet.', en: 'The application goes into the case.' };
    const config = gatewayConfig(
      {
        port: 7400,
        dir: '/tmp',
        providers: [{ id: 'bankid', name: 'BankID', issuer: 'http://127.0.0.1:9' }],
        eServices: [
          {
            id: 'bygglov',
            clientId: 'bygglov-client',
            redirectUri,
            providers: ['bankid'],
            identity: { personalIdentityNumber: { purpose: 'handlagga', reason } },
          },
          { id: 'parkering', clientId: 'parkering-client', redirectUri, providers: ['bankid'] },
        ],
      },
      identityEnv(),
    );
    const [activity] = buildRecordOfProcessing(config).activities;
    expect(activity?.id).toBe('handlagga');
    expect(activity?.personnummerRecipients).toEqual([
      { id: 'bygglov', name: 'Tjänst bygglov', owner: 'Testnämnden', reason },
    ]);
    expect(activity?.recipients.eServices.map((each) => each.id)).toEqual(['bygglov', 'parkering']);
  });

  it('must name a defined purpose', () => {
    const input = {
      port: 7400,
      dir: '/tmp',
      providers: [{ id: 'bankid', name: 'BankID', issuer: 'http://127.0.0.1:9' }],
      eServices: [
        {
          id: 'bygglov',
          clientId: 'bygglov-client',
          redirectUri,
          providers: ['bankid'],
          identity: {
            personalIdentityNumber: { purpose: 'handlaga', reason: { sv: 'Ärendet.', en: 'The case.' } },
          },
        },
      ],
    };
    expect(() => gatewayConfig(input, identityEnv())).toThrow(
      /eServices\[0\]\.identity\.personalIdentityNumber\.purpose.*asks for the personnummer for a purpose that is not defined/s,
    );
  });
});
