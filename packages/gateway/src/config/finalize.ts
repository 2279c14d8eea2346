import type { ParsedConfig } from './schema.ts';

type ParsedEService = ParsedConfig['eServices'][number];
type ParsedContractPin = ParsedEService['contracts'][number];

/** A contract an e-service uses, pinned to one version and to the business system that serves it. */
export type ContractPin = Omit<ParsedContractPin, 'businessSystem'> & { readonly businessSystem: string };
export type EServiceConfig = Omit<ParsedEService, 'contracts'> & {
  readonly contracts: readonly ContractPin[];
};

/**
 * The validated configuration: defaults filled in, secrets read from the environment (so never log this
 * object whole), paths absolute, and every contract pin naming its business system.
 */
export type BryggaConfig = Omit<ParsedConfig, 'eServices'> & {
  readonly eServices: readonly EServiceConfig[];
};

/**
 * Fills in what is implied but not written: the business system of a contract pin that left it out.
 * Only called once cross-checks passed, so exactly one system serves each such contract.
 */
export function finalizeConfig(parsed: ParsedConfig): BryggaConfig {
  return {
    ...parsed,
    eServices: parsed.eServices.map((eService) => ({
      ...eService,
      contracts: eService.contracts.map((pin) => ({
        ...pin,
        businessSystem: pin.businessSystem ?? servingSystem(parsed, pin.contract),
      })),
    })),
  };
}

function servingSystem(parsed: ParsedConfig, contract: string): string {
  const system = parsed.businessSystems.find((each) => each.contracts.includes(contract));
  if (system === undefined)
    throw new Error(`No business system serves ${contract}; cross-checks should have said so.`);
  return system.id;
}
