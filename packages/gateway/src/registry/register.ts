import { versionStatus } from '@brygga/contract';
import type { BryggaConfig, EServiceConfig } from '../config/index.ts';
import type { ContractEntry } from '../contracts/registry.ts';

/** Whether an e-service answers right now, as far as the gateway knows. */
export type LiveStatus = 'up' | 'degraded' | 'down' | 'unknown';

/**
 * The live status of an e-service, by id. Synchronous on purpose: it reads what health checks or metrics already
 * know, so building the register never waits on the network.
 */
export type StatusLookup = (eServiceId: string) => LiveStatus;

export type ContractLifecycle = 'active' | 'deprecated' | 'sunset' | 'unknown';

export interface RegisterContract {
  readonly contract: string;
  readonly version: string;
  /** `unknown` when this gateway build does not know the contract or the version. */
  readonly lifecycle: ContractLifecycle;
  readonly deprecated: string | null;
  readonly sunset: string | null;
  readonly businessSystem: string;
}

export interface RegisterEntry {
  readonly id: string;
  readonly name: { readonly sv: string; readonly en: string };
  readonly description: { readonly sv: string; readonly en: string | null };
  readonly owner: string;
  /** Staff personal data: null unless the configuration marks it public. */
  readonly responsible: { readonly name: string; readonly email: string } | null;
  /** The company only: its contact may be a person's e-mail or phone. */
  readonly vendor: { readonly name: string };
  readonly contracts: readonly RegisterContract[];
  readonly businessSystems: readonly { readonly id: string; readonly name: string; readonly owner: string }[];
  readonly purposes: readonly {
    readonly id: string;
    readonly purpose: { readonly sv: string; readonly en: string };
  }[];
  readonly personalDataCategories: readonly string[];
  /** Declared need for the personnummer itself (config `identity.personalIdentityNumber`), or null. */
  readonly receivesPersonnummer: {
    readonly purpose: string;
    readonly reason: { readonly sv: string; readonly en: string };
  } | null;
  readonly retention: readonly { readonly class: string; readonly duration: string }[];
  /** The acr values a login must have, from the e-service's identity providers. */
  readonly acceptedAcr: readonly string[];
  /** The lowest Swedish level of assurance those values allow (e.g. `loa3`), or null when none is recognised. */
  readonly assuranceLevel: string | null;
  readonly accessibilityStatementUrl: string | null;
  readonly lifecycle: EServiceConfig['lifecycle'];
  readonly liveStatus: LiveStatus;
}

export interface Register {
  readonly generatedAt: string;
  readonly publisher: string | null;
  readonly eServices: readonly RegisterEntry[];
}

export interface RegisterOptions {
  readonly contracts: readonly ContractEntry[];
  readonly now: Date;
  readonly status?: StatusLookup | undefined;
}

/** The e-service register (kanalregistret) as open data, from the configuration. Pure. */
export function buildRegister(config: BryggaConfig, options: RegisterOptions): Register {
  const status = options.status ?? (() => 'unknown');
  return {
    generatedAt: options.now.toISOString(),
    publisher: config.organisation?.name ?? null,
    eServices: config.eServices.map((eService) => registerEntry(config, eService, options, status)),
  };
}

function registerEntry(
  config: BryggaConfig,
  eService: EServiceConfig,
  options: RegisterOptions,
  status: StatusLookup,
): RegisterEntry {
  const purposes = eService.purposes.flatMap((id) => config.purposes.filter((purpose) => purpose.id === id));
  const systemIds = unique(eService.contracts.map((pin) => pin.businessSystem));
  const retentionIds = unique(purposes.map((purpose) => purpose.retentionClass));
  const acceptedAcr = unique(
    eService.identityProviders.flatMap(
      (id) => config.identityProviders.find((provider) => provider.id === id)?.acceptedAcr ?? [],
    ),
  );
  const { responsible } = eService;
  return {
    id: eService.id,
    name: { sv: eService.name.sv, en: eService.name.en },
    description: { sv: eService.description.sv, en: eService.description.en ?? null },
    owner: eService.owner,
    responsible: responsible.public ? { name: responsible.name, email: responsible.email } : null,
    vendor: { name: eService.vendor.name },
    contracts: eService.contracts.map((pin) => {
      const resolved = options.contracts
        .find((entry) => entry.contract.name === pin.contract)
        ?.contract.resolve(pin.version);
      return {
        contract: pin.contract,
        version: pin.version,
        lifecycle: resolved ? versionStatus(resolved, options.now).status : 'unknown',
        deprecated: resolved?.deprecated ?? null,
        sunset: resolved?.sunset ?? null,
        businessSystem: pin.businessSystem,
      };
    }),
    businessSystems: systemIds.flatMap((id) =>
      config.businessSystems
        .filter((system) => system.id === id)
        .map((system) => ({ id: system.id, name: system.name, owner: system.owner })),
    ),
    purposes: purposes.map((purpose) => ({
      id: purpose.id,
      purpose: { sv: purpose.purpose.sv, en: purpose.purpose.en },
    })),
    personalDataCategories: unique(purposes.flatMap((purpose) => purpose.dataCategories)),
    receivesPersonnummer: receivesPersonnummer(eService),
    retention: retentionIds.flatMap((id) =>
      config.retentionClasses
        .filter((retention) => retention.id === id)
        .map((retention) => ({ class: retention.id, duration: retention.duration })),
    ),
    acceptedAcr,
    assuranceLevel: lowestAssurance(acceptedAcr),
    accessibilityStatementUrl: eService.accessibilityStatementUrl ?? null,
    lifecycle: eService.lifecycle,
    liveStatus: status(eService.id),
  };
}

// The Swedish trust framework's URIs end in loaN (http://id.elegnamnden.se/loa/1.0/loa3, …/uncertified-loa3).
const loaPattern = /\/loa\/\d+\.\d+\/(?:uncertified-)?loa(\d)$/;

/**
 * The weakest level an e-service accepts is the level it actually requires. One value we cannot rank makes the
 * answer unknown (null) rather than overstated.
 */
export function lowestAssurance(acr: readonly string[]): string | null {
  const levels = acr.map((value) => loaPattern.exec(value)?.[1]);
  if (levels.length === 0 || levels.some((level) => level === undefined)) return null;
  return `loa${Math.min(...levels.map(Number))}`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function receivesPersonnummer(eService: EServiceConfig): RegisterEntry['receivesPersonnummer'] {
  const declared = eService.identity?.personalIdentityNumber;
  return declared === undefined
    ? null
    : { purpose: declared.purpose, reason: { sv: declared.reason.sv, en: declared.reason.en } };
}
