import type { BryggaConfig, EServiceConfig } from '../config/index.ts';

/**
 * The e-services that may log citizens in, by their OpenID client id. Retired e-services are left out, so
 * their logins and tokens stop working at once.
 */
export class EServiceDirectory {
  readonly #byClient: ReadonlyMap<string, EServiceConfig>;

  /** `internal`: the gateway's own clients (the citizen page), registered beside the configured e-services. */
  constructor(config: BryggaConfig, internal: readonly EServiceConfig[] = []) {
    this.#byClient = new Map(
      [...config.eServices, ...internal]
        .filter((eService) => eService.lifecycle !== 'retired')
        .map((eService) => [eService.client.clientId, eService]),
    );
  }

  byClientId(clientId: string): EServiceConfig | undefined {
    return this.#byClient.get(clientId);
  }

  all(): EServiceConfig[] {
    return [...this.#byClient.values()];
  }

  /** The access-token scopes an e-service may hold: the contracts it is registered for. */
  scopesOf(clientId: string): string[] {
    return this.#byClient.get(clientId)?.contracts.map((pin) => pin.contract) ?? [];
  }
}
