import { randomBytes } from 'node:crypto';
import Provider, {
  type Account,
  type Configuration,
  type ErrorOut,
  errors,
  type Grant,
  type KoaContextWithOIDC,
  type ClientMetadata as OidcClientMetadata,
} from 'oidc-provider';
import { personClaims } from './claims.ts';
import { type EvilCase, evilCases, isEvilCase } from './evil.ts';
import type { KeyRing } from './key-ring.ts';
import type { MemoryStore } from './memory-store.ts';
import { pageHeaders } from './pages/html.ts';
import { renderMessagePage } from './pages/message-page.ts';
import type { PersonRegistry } from './person-registry.ts';
import {
  type ClaimStyle,
  claimNames,
  claimStyles,
  idTokenTtlSeconds,
  isClaimStyle,
  scopes,
  supportedAcrValues,
} from './profile.ts';

/**
 * oidc-provider's client metadata, plus which broker's claim style the client gets (default `oidc-sweden`) and,
 * for relying-party security tests, an evil case every login of this client gets wrong.
 */
export type ClientMetadata = OidcClientMetadata & {
  readonly claimStyle?: ClaimStyle;
  readonly evil?: EvilCase;
};

export interface ProviderSetup {
  readonly issuer: string;
  readonly clients: readonly ClientMetadata[];
  readonly registry: PersonRegistry;
  readonly store: MemoryStore;
  /** oidc-provider signs with the ring's initial key; later keys are applied by evil-middleware.ts. */
  readonly ring: KeyRing;
}

/**
 * oidc-provider configured to the Swedish OIDC profile: code flow with PKCE S256 only, the profile's scopes,
 * claims and LoA values, five-minute ID tokens, and no consent screen for the configured (first-party) clients.
 * The login page itself is served outside the provider (see interaction.ts).
 */
export function createProvider(setup: ProviderSetup): Provider {
  const configuration: Configuration = {
    adapter: setup.store.factory,
    clients: setup.clients.map((client) => ({ ...client })),
    jwks: { keys: [setup.ring.initial.jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },

    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    scopes: [scopes.openid],
    acrValues: [...supportedAcrValues],
    // Listing claims replaces oidc-provider's defaults, so acr, sid and auth_time are named again here.
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      iss: null,
      [claimNames.coordinationNumberLevel]: null,
      // The profile requires acr and auth_time in every ID token, so they ride on `openid` rather than waiting to
      // be asked for. Idura/Criipto release `ssn` with plain `openid` too; the other styles never produce it.
      [scopes.openid]: ['sub', 'acr', 'amr', 'auth_time', 'ssn'],
      [scopes.naturalPersonNumber]: [
        claimNames.personalIdentityNumber,
        claimNames.coordinationNumber,
        'ssn',
        'nin',
        'nin_type',
        'nin_issuing_country',
      ],
      [scopes.naturalPersonInfo]: ['name', 'given_name', 'family_name', 'birthdate'],
      [scopes.nin]: ['nin', 'nin_type', 'nin_issuing_country'],
    },
    // Scope claims may go in the ID token; personClaims() decides per claim style what actually does.
    conformIdTokenClaims: false,
    extraClientMetadata: {
      properties: ['claimStyle', 'evil'],
      validator(_ctx, key, value, metadata) {
        if (key === 'evil') {
          if (value !== undefined && !isEvilCase(value)) {
            throw new errors.InvalidClientMetadata(`evil must be one of ${evilCases.join(', ')}`);
          }
          return;
        }
        if (key !== 'claimStyle') return;
        if (value === undefined) metadata.claimStyle = 'oidc-sweden';
        else if (!isClaimStyle(value)) {
          throw new errors.InvalidClientMetadata(`claimStyle must be one of ${claimStyles.join(', ')}`);
        }
      },
    },
    ttl: {
      IdToken: idTokenTtlSeconds,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      userinfo: { enabled: true },
    },
    discovery: { ui_locales_supported: ['sv', 'en'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (ctx, subject) => findAccount(ctx, subject, setup.registry),
    // oidc-provider refuses outgoing requests (back-channel logout, a client's jwks_uri) to loopback and private
    // addresses, against SSRF. A test IdP's clients run on this machine, and only configured clients are called.
    fetch: (url, init) => globalThis.fetch(url, { ...init, dispatcher: undefined } as RequestInit),
    loadExistingGrant,
    renderError,
  };
  return new Provider(setup.issuer, configuration);
}

function findAccount(
  ctx: KoaContextWithOIDC,
  subject: string,
  registry: PersonRegistry,
): Account | undefined {
  const person = registry.find(subject);
  if (person === undefined) return undefined;
  const style = claimStyleOf(ctx);
  return {
    accountId: subject,
    claims: (use, _scope, requested) => ({
      sub: subject,
      ...personClaims({
        person,
        style,
        use: use === 'id_token' ? 'id_token' : 'userinfo',
        requested: requested ?? {},
      }),
    }),
  };
}

function claimStyleOf(ctx: KoaContextWithOIDC): ClaimStyle {
  const style = (ctx.oidc.client as unknown as Record<string, unknown> | undefined)?.claimStyle;
  return isClaimStyle(style) ? style : 'oidc-sweden';
}

/**
 * Configured clients are first-party (the gateway), so consent is implied: grant whatever the request asks
 * for, on top of an existing grant for the same person.
 */
async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { client, session } = ctx.oidc;
  if (client === undefined || session?.accountId === undefined) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  let grant = grantId === undefined ? undefined : await ctx.oidc.provider.Grant.find(grantId);
  if (grant?.accountId !== session.accountId) {
    grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  }
  grant.addOIDCScope(ctx.oidc.requestParamOIDCScopes);
  grant.addOIDCClaims(ctx.oidc.requestParamClaims);
  await grant.save();
  return grant;
}

function setPageHeaders(ctx: KoaContextWithOIDC): void {
  for (const [name, value] of Object.entries(pageHeaders)) ctx.set(name, value);
}

/** oidc-provider's error page for browsers; shows only its error code and description, which carry no personal data. */
function renderError(ctx: KoaContextWithOIDC, out: ErrorOut, _error: Error): void {
  setPageHeaders(ctx);
  ctx.body = renderMessagePage({
    heading: { sv: 'Något gick fel i inloggningen', en: 'Something went wrong with the login' },
    text: {
      sv: 'Gå tillbaka till e-tjänsten och försök igen. Felet nedan är till för den som utvecklar e-tjänsten.',
      en: 'Go back to the e-service and try again. The error below is for whoever develops the e-service.',
    },
    details: [
      ['error', out.error],
      ...(out.error_description ? ([['error_description', out.error_description]] as const) : []),
    ],
  });
}

function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  setPageHeaders(ctx);
  // `form` is oidc-provider's empty form with its CSRF token; the buttons submit it through the form attribute.
  ctx.body = renderMessagePage({
    heading: { sv: 'Vill du logga ut?', en: 'Do you want to log out?' },
    text: {
      sv: 'Du loggas ut från test-BankID och från e-tjänsterna som använder inloggningen.',
      en: 'You are logged out of test BankID and of the e-services that use this login.',
    },
    after: `${form}
<div class="actions">
<button type="submit" class="primary" form="op.logoutForm" name="logout" value="yes" autofocus>Logga ut <span class="en" lang="en">Log out</span></button>
<button type="submit" class="secondary" form="op.logoutForm">Stanna inloggad <span class="en" lang="en">Stay logged in</span></button>
</div>`,
  });
}

function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  setPageHeaders(ctx);
  ctx.body = renderMessagePage({
    heading: { sv: 'Du är utloggad', en: 'You are logged out' },
    text: { sv: 'Du kan stänga fönstret.', en: 'You can close this window.' },
  });
}
