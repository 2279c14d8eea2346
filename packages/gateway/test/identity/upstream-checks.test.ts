import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginFailure } from '../../src/identity/login-failure.ts';
import { authorizationParameters } from '../../src/identity/upstream/authorization-request.ts';
import { completeLogin } from '../../src/identity/upstream/complete-login.ts';
import {
  DiscoveryError,
  discoverProvider,
  type ProviderSettings,
  type UpstreamProvider,
} from '../../src/identity/upstream/provider-client.ts';
import { type Behaviour, type EvilIdp, loa3, numberClaim, startEvilIdp, tolvan } from './evil-idp.ts';

/**
 * The relying-party checks of the OpenID conformance RP tests, one deviation at a time, against a provider that
 * gets exactly that one thing wrong. Each case asserts the reason the login was refused, so a case cannot pass
 * for the wrong reason. (security.test.ts drives a few of them through the whole gateway.)
 */

const redirectUri = 'http://127.0.0.1:9/auth/callback';

function settings(issuer: string, overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return {
    id: 'evil',
    name: 'Evil',
    kind: 'bankid',
    issuer,
    clientId: 'gateway-client',
    clientAuthentication: { method: 'client_secret_basic', clientSecret: 'gateway-secret' },
    acceptedAcr: [loa3],
    claims: { personalIdentityNumber: numberClaim, source: 'idToken' },
    coordinationNumberClaim: 'https://id.oidc.se/claim/coordinationNumber',
    allowCoordinationNumber: true,
    scopes: ['openid', 'https://id.oidc.se/scope/naturalPersonNumber'],
    allowInsecureHttp: true,
    ...overrides,
  };
}

interface Attempt {
  readonly promptLogin?: boolean;
  readonly maxAge?: number;
  readonly startedAt?: number;
  readonly provider?: UpstreamProvider;
  readonly now?: () => number;
}

async function attempt(
  idp: EvilIdp,
  provider: UpstreamProvider,
  behaviour: Behaviour,
  options: Attempt = {},
) {
  idp.behave(behaviour);
  const target = options.provider ?? provider;
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(
    target.configuration,
    authorizationParameters({
      redirectUri,
      scopes: target.settings.scopes,
      state,
      nonce,
      codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      acrValues: [loa3],
      promptLogin: options.promptLogin ?? false,
      maxAge: options.maxAge,
    }),
  );
  const callback = await idp.authorize(url);
  const expectations = {
    state,
    nonce,
    codeVerifier,
    acrValues: [loa3],
    promptLogin: options.promptLogin ?? false,
    maxAge: options.maxAge,
    startedAt: options.startedAt ?? Date.now(),
  };
  return { callback, expectations, result: completeLogin(target, callback, expectations, options.now) };
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (LoginFailure.is(error)) return error.reason;
    throw error;
  }
  return 'accepted';
}

const drop = undefined;
const without =
  (...names: string[]) =>
  (claims: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));

describe('an upstream login is refused', () => {
  let idp: EvilIdp;
  let provider: UpstreamProvider;
  let userinfoProvider: UpstreamProvider;
  let strictProvider: UpstreamProvider;

  beforeAll(async () => {
    idp = await startEvilIdp();
    provider = await discoverProvider(settings(idp.issuer), { environment: 'development' });
    userinfoProvider = await discoverProvider(
      settings(idp.issuer, { id: 'ui', claims: { personalIdentityNumber: numberClaim, source: 'userinfo' } }),
      { environment: 'development' },
    );
    strictProvider = await discoverProvider(
      settings(idp.issuer, { id: 'strict', allowCoordinationNumber: false }),
      {
        environment: 'development',
      },
    );
  });
  afterAll(() => idp?.close());

  it('accepts the well-behaved provider (the baseline every case below departs from)', async () => {
    const { result } = await attempt(idp, provider, {});
    const identity = await result;
    expect(identity).toMatchObject({
      number: tolvan,
      kind: 'personnummer',
      sub: 'upstream-subject-1',
      acr: loa3,
    });
    expect(identity.sid).toBe('upstream-session-1');
  });

  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, Behaviour, string, Attempt?][] = [
    // the authorization response
    ['state altered', { callback: (p) => ({ ...p, state: 'forged' }) }, 'state_mismatch'],
    ['state missing', { callback: (p) => ({ ...p, state: drop }) }, 'state_mismatch'],
    [
      'iss missing although advertised (RFC 9207)',
      { callback: (p) => ({ ...p, iss: drop }) },
      'issuer_missing',
    ],
    [
      'iss of another provider (mix-up)',
      { callback: (p) => ({ ...p, iss: 'https://other.example' }) },
      'issuer_mismatch',
    ],
    ['code missing', { callback: (p) => ({ ...p, code: drop }) }, 'code_missing'],
    [
      'error=access_denied (cancelled at the provider)',
      { callback: (p) => ({ ...p, code: drop, error: 'access_denied' }) },
      'cancelled',
    ],
    // the signature
    ['a forged RS256 signature', { signing: { foreignKey: true } }, 'id_token_signature'],
    ['a forged ES256 signature', { signing: { alg: 'ES256', foreignKey: true } }, 'id_token_signature'],
    [
      'HS256 keyed with the client secret',
      { signing: { alg: 'HS256', secret: 'gateway-secret' } },
      'id_token_alg',
    ],
    ['alg none', { signing: { alg: 'none' } }, 'id_token_alg'],
    ['a kid the provider never published', { signing: { kid: 'unknown-key' } }, 'id_token_unknown_key'],
    // the claims
    ['iss of another issuer', { idToken: (c) => ({ ...c, iss: 'https://other.example' }) }, 'id_token_iss'],
    ['iss missing', { idToken: without('iss') }, 'id_token_iss'],
    ['aud another client', { idToken: (c) => ({ ...c, aud: 'someone-else' }) }, 'id_token_aud'],
    [
      'aud with an extra, untrusted audience (azp ours)',
      { idToken: (c, x) => ({ ...c, aud: [x.clientId, 'someone-else'], azp: x.clientId }) },
      'id_token_aud',
    ],
    ['aud missing', { idToken: without('aud') }, 'id_token_aud'],
    ['exp passed', { idToken: (c) => ({ ...c, exp: now() - 120 }) }, 'id_token_exp'],
    ['exp missing', { idToken: without('exp') }, 'id_token_exp'],
    ['iat missing', { idToken: without('iat') }, 'id_token_iat'],
    ['iat an hour old, exp still ahead', { idToken: (c) => ({ ...c, iat: now() - 3600 }) }, 'id_token_iat'],
    ['iat in the future', { idToken: (c) => ({ ...c, iat: now() + 600 }) }, 'id_token_iat'],
    ['nonce of another login', { idToken: (c) => ({ ...c, nonce: 'other-nonce' }) }, 'id_token_nonce'],
    ['nonce missing', { idToken: without('nonce') }, 'id_token_nonce'],
    ['sub missing', { idToken: without('sub') }, 'id_token_sub'],
    ['acr missing', { idToken: without('acr') }, 'acr_missing'],
    [
      'acr not on the allowlist (loa2)',
      { idToken: (c) => ({ ...c, acr: 'http://id.elegnamnden.se/loa/1.0/loa2' }) },
      'acr_not_allowed',
    ],
    ['auth_time missing', { idToken: without('auth_time') }, 'auth_time_missing'],
    [
      'auth_time older than max_age',
      { idToken: (c) => ({ ...c, auth_time: now() - 600 }) },
      'auth_time_stale',
      { maxAge: 60 },
    ],
    [
      'auth_time before a prompt=login began',
      { idToken: (c) => ({ ...c, auth_time: now() - 600 }) },
      'auth_time_stale',
      { promptLogin: true },
    ],
    ['no ID token at all', { noIdToken: true }, 'id_token_missing'],
    // the person
    ['personnummer missing', { idToken: without(numberClaim) }, 'identity_number_missing'],
    [
      'personnummer with a hyphen (not the 12-digit form)',
      { idToken: (c) => ({ ...c, [numberClaim]: '19121212-1212' }) },
      'identity_number_malformed',
    ],
    [
      'personnummer as a number, not a string',
      { idToken: (c) => ({ ...c, [numberClaim]: 191212121212 }) },
      'identity_number_malformed',
    ],
    [
      'personnummer with a bad Luhn digit',
      { idToken: (c) => ({ ...c, [numberClaim]: '191212121213' }) },
      'identity_number_invalid',
    ],
    [
      'personnummer with an impossible date',
      { idToken: (c) => ({ ...c, [numberClaim]: '199002301234' }) },
      'identity_number_invalid',
    ],
  ];

  it.each(cases)('%s', async (_name, behaviour, reason, options) => {
    const { result } = await attempt(idp, provider, behaviour, options);
    expect(await reasonOf(result)).toBe(reason);
  });

  it('a samordningsnummer where the provider is not allowed to give one', async () => {
    const behaviour: Behaviour = { idToken: (c) => ({ ...c, [numberClaim]: '197010632391' }) };
    expect(await reasonOf((await attempt(idp, strictProvider, behaviour)).result)).toBe(
      'coordination_number_not_allowed',
    );
    // …while a provider allowed to give one is believed.
    const accepted = await (await attempt(idp, provider, behaviour)).result;
    expect(accepted).toMatchObject({ number: '197010632391', kind: 'samordningsnummer' });
  });

  it('a UserInfo sub other than the ID token sub', async () => {
    const behaviour: Behaviour = { userinfo: (c) => ({ ...c, sub: 'someone-else' }) };
    expect(await reasonOf((await attempt(idp, userinfoProvider, behaviour)).result)).toBe(
      'userinfo_subject_mismatch',
    );
  });

  it('a personnummer missing from UserInfo when that is where the provider puts it', async () => {
    const behaviour: Behaviour = { userinfo: without(numberClaim) };
    expect(await reasonOf((await attempt(idp, userinfoProvider, behaviour)).result)).toBe(
      'identity_number_missing',
    );
  });

  it('a replayed callback (the code is spent)', async () => {
    const first = await attempt(idp, provider, {});
    await first.result;
    expect(await reasonOf(completeLogin(provider, first.callback, first.expectations))).toBe(
      'token_request_failed',
    );
  });
});

describe('an upstream login is accepted', () => {
  let idp: EvilIdp;
  let clock: number;
  const now = () => Date.now() + clock;

  beforeAll(async () => {
    idp = await startEvilIdp();
  });
  afterAll(() => idp?.close());

  it('with aud as an array holding only the client, and without at_hash', async () => {
    clock = 0;
    const provider = await discoverProvider(settings(idp.issuer), { environment: 'development' });
    const { result } = await attempt(idp, provider, { idToken: (c, x) => ({ ...c, aud: [x.clientId] }) });
    expect((await result).number).toBe(tolvan);
  });

  it('from the UserInfo endpoint when configured so', async () => {
    const provider = await discoverProvider(
      settings(idp.issuer, { claims: { personalIdentityNumber: 'ssn', source: 'userinfo' } }),
      { environment: 'development' },
    );
    const behaviour: Behaviour = {
      idToken: without(numberClaim),
      userinfo: (c) => ({ sub: c.sub, ssn: tolvan }),
    };
    expect((await (await attempt(idp, provider, behaviour)).result).number).toBe(tolvan);
  });

  it('signed with a single key that has no kid', async () => {
    await idp.rotate({ withoutKid: true });
    const provider = await discoverProvider(settings(idp.issuer), { environment: 'development' });
    const { result } = await attempt(idp, provider, { signing: { kid: false } });
    expect((await result).number).toBe(tolvan);
  });

  it('across a signing-key rotation, with one key-set fetch and no refetch storm', async () => {
    clock = 0;
    await idp.rotate();
    const provider = await discoverProvider(settings(idp.issuer), { environment: 'development', now });
    const before = idp.fetches.jwks;
    await (await attempt(idp, provider, {}, { now })).result;
    expect(idp.fetches.jwks - before).toBe(1);

    await idp.rotate(); // the old key is gone, tokens now carry a kid the cache has never seen
    // Within the cooldown an unknown kid does not refetch: forged kids cannot make us hammer the provider.
    const early = await Promise.all(
      Array.from({ length: 5 }, async () => reasonOf((await attempt(idp, provider, {}, { now })).result)),
    );
    expect(early).toEqual(Array(5).fill('id_token_unknown_key'));
    expect(idp.fetches.jwks - before).toBe(1);

    clock = 31_000; // past the 30 s cooldown
    const late = await Promise.all(
      Array.from(
        { length: 5 },
        async () => (await (await attempt(idp, provider, {}, { now })).result).number,
      ),
    );
    expect(late).toEqual(Array(5).fill(tolvan));
    expect(idp.fetches.jwks - before).toBe(2); // five concurrent logins shared one refetch
  });
});

describe('discovery', () => {
  it('fails when the document names another issuer', async () => {
    const idp = await startEvilIdp({ metadata: (m) => ({ ...m, issuer: 'https://impostor.example' }) });
    try {
      const failure = await discoverProvider(settings(idp.issuer), { environment: 'development' }).catch(
        (e) => e,
      );
      expect(failure).toBeInstanceOf(DiscoveryError);
      expect(failure.retryable).toBe(false);
    } finally {
      await idp.close();
    }
  });

  it('refuses an http:// issuer in production, even when the configuration allows it, before any request', async () => {
    const idp = await startEvilIdp();
    try {
      const failure = await discoverProvider(settings(idp.issuer), { environment: 'production' }).catch(
        (e) => e,
      );
      expect(failure).toBeInstanceOf(DiscoveryError);
      expect(failure.retryable).toBe(false);
      const insecure = await discoverProvider(settings(idp.issuer, { allowInsecureHttp: false }), {
        environment: 'development',
      }).catch((e) => e);
      expect(insecure).toBeInstanceOf(DiscoveryError);
      expect(idp.fetches.jwks + idp.fetches.token).toBe(0);
    } finally {
      await idp.close();
    }
  });

  it('tells an unreachable provider (worth retrying) from a misconfigured one', async () => {
    const failure = await discoverProvider(settings('http://127.0.0.1:9'), {
      environment: 'development',
      timeoutSeconds: 2,
    }).catch((e) => e);
    expect(failure).toBeInstanceOf(DiscoveryError);
    expect(failure.retryable).toBe(true);
  });
});
