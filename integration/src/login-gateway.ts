// A gateway with citizen login at the test BankID IdP, as the browser tests start one: how the IdP knows the
// gateway, the configuration (one building-permit e-service, one business system), the secrets it needs, and the
// citizen's steps at the IdP and on the gateway's pages.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ClientMetadata } from '@brygga/test-idp';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { gatewaySecrets, identityKeysAndAudit } from './config.ts';

/** The gateway registered as a client at the test IdP, answering with OIDC Sweden claims. */
export function gatewayAtTestIdp(
  gatewayUrl: string,
  secret: string,
  options: { readonly backchannelLogout?: boolean } = {},
): ClientMetadata {
  return {
    client_id: 'brygga-gateway',
    client_secret: secret,
    redirect_uris: [`${gatewayUrl}/auth/callback`],
    post_logout_redirect_uris: [`${gatewayUrl}/logout/callback`],
    ...(options.backchannelLogout
      ? {
          backchannel_logout_uri: `${gatewayUrl}/auth/backchannel-logout`,
          backchannel_logout_session_required: true,
        }
      : {}),
    claimStyle: 'oidc-sweden',
  };
}

export interface TestIdpProvider {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  /** Names the LoA 3 ACR and the OIDC Sweden personnummer claim in the ID token; otherwise the defaults. */
  readonly oidcSweden?: boolean;
}

export interface LoginGatewayOptions {
  readonly gatewayPort: number;
  readonly dir: string;
  /** Identity providers at test IdPs; the e-service may use all of them. Their client secret is IDP_SECRET. */
  readonly providers: readonly TestIdpProvider[];
  /** The e-service's address: its callback is `<url>/callback`; with `postLogout`, `<url>/` after logout. */
  readonly eService: { readonly url: string; readonly postLogout: boolean };
  /** The case-management business system (v2); a closed port unless the test runs one. */
  readonly businessUrl?: string;
  readonly dataCategories?: readonly string[];
}

/**
 * The configuration of a development gateway with citizen login: the `bygglov-ansokan` e-service (secret
 * ESERVICE_SECRET) on case-management 2026-12-01, the `arende` business system, SQLite and the identity keys in
 * `dir`. JSON is YAML: the file is what an operator would write, without a YAML writer here.
 */
export function loginGatewayConfigText(options: LoginGatewayOptions): string {
  const config = {
    environment: 'development',
    server: { host: '127.0.0.1', port: options.gatewayPort, shutdownGraceMs: 2000 },
    logging: { level: 'info' },
    identityProviders: options.providers.map((provider) => ({
      id: provider.id,
      name: provider.name,
      kind: 'bankid',
      issuer: provider.issuer,
      clientId: 'brygga-gateway',
      clientAuthentication: { method: 'client_secret_basic', clientSecret: { env: 'IDP_SECRET' } },
      ...(provider.oidcSweden
        ? {
            acceptedAcr: ['http://id.elegnamnden.se/loa/1.0/loa3'],
            claims: {
              personalIdentityNumber: 'https://id.oidc.se/claim/personalIdentityNumber',
              source: 'idToken',
            },
          }
        : {}),
      allowInsecureHttp: true,
    })),
    eServices: [
      {
        id: 'bygglov-ansokan',
        name: { sv: 'Ansök om bygglov', en: 'Apply for a building permit' },
        description: { sv: 'Ansök om bygglov och följ ditt ärende.' },
        owner: 'Stadsbyggnadsnämnden',
        responsible: { name: 'Karin Lindqvist', email: 'karin@exempel.se' },
        vendor: { name: 'Exempel AB', contact: 'support@exempel.se' },
        lifecycle: 'development',
        client: {
          clientId: 'bygglov-ansokan',
          tokenEndpointAuthMethod: 'client_secret_basic',
          clientSecret: { env: 'ESERVICE_SECRET' },
          redirectUris: [`${options.eService.url}/callback`],
          ...(options.eService.postLogout ? { postLogoutRedirectUris: [`${options.eService.url}/`] } : {}),
        },
        identityProviders: options.providers.map((provider) => provider.id),
        contracts: [{ contract: 'case-management', version: '2026-12-01' }],
        purposes: ['handlagga-bygglov'],
      },
    ],
    businessSystems: [
      {
        id: 'arende',
        name: 'Ärendehantering',
        owner: 'Stadsbyggnadsförvaltningen',
        adapter: '@brygga/adapter-case-management',
        baseUrl: options.businessUrl ?? 'http://127.0.0.1:9',
        contracts: ['case-management'],
        credentials: { type: 'apiKey', key: { env: 'BRYGGA_ARENDE_API_KEY' } },
        options: { apiVersion: 'v2' },
      },
    ],
    purposes: [
      {
        id: 'handlagga-bygglov',
        purpose: { sv: 'Handlägga bygglov.', en: 'Process building permits.' },
        legalBasis: { article: '6(1)(e)', reference: 'Plan- och bygglagen (2010:900)' },
        dataCategories: options.dataCategories ?? ['personnummer', 'namn'],
        dataSubjectCategories: ['sökande'],
        retentionClass: 'arende-10ar',
      },
    ],
    retentionClasses: [{ id: 'arende-10ar', duration: 'P10Y', description: 'Gallras efter tio år.' }],
    ...identityKeysAndAudit(options.dir),
  };
  return JSON.stringify(config, null, 2);
}

/** The environment `loginGatewayConfigText` names: the shared secrets and fresh identity keys for this run. */
export function loginGatewayEnv(secrets: { readonly idp: string; readonly eService: string }) {
  return {
    ...gatewaySecrets,
    IDP_SECRET: secrets.idp,
    ESERVICE_SECRET: secrets.eService,
    IDENTITY_SIGNING: generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    IDENTITY_SUBJECTS: randomBytes(32).toString('base64url'),
    IDENTITY_SESSIONS: randomBytes(32).toString('base64url'),
  };
}

/** At the test IdP's login page: chooses Tolvan Tolvansson and goes on, back towards the gateway. */
export async function logInAsTolvan(page: Page): Promise<void> {
  await page.getByLabel(/Tolvan Tolvansson/).check();
  await page.getByRole('button', { name: /^Fortsätt/ }).click();
}

/**
 * Tabs from the top of the page until `target` has the focus (at most `presses`), then checks that the browser
 * shows it: `:focus-visible` matches and an outline of at least 2px is drawn.
 */
export async function expectKeyboardFocusVisible(
  page: Page,
  target: Locator,
  what: string,
  options: { readonly presses: number; readonly scrollToTop?: boolean },
): Promise<void> {
  await page.evaluate((scrollToTop) => {
    (document.activeElement as HTMLElement | null)?.blur();
    if (scrollToTop) window.scrollTo(0, 0);
  }, options.scrollToTop === true);
  let reached = false;
  for (let presses = 0; presses < options.presses && !reached; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) reached = true;
    else await page.keyboard.press('Tab');
  }
  if (!reached) reached = await target.evaluate((element) => element === document.activeElement);
  expect(reached, `${what}: reached by Tab`).toBe(true);
  const shown = await target.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      focusVisible: element.matches(':focus-visible'),
      outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
    };
  });
  expect(shown, what).toEqual({ focusVisible: true, outline: true });
}
