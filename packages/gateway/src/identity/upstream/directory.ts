import type { Logger } from 'pino';
import { LoginFailure } from '../login-failure.ts';
import { DiscoveryError, type ProviderSettings, type UpstreamProvider } from './provider-client.ts';

export type Discover = (settings: ProviderSettings) => Promise<UpstreamProvider>;

export interface UpstreamDirectoryOptions {
  readonly providers: readonly ProviderSettings[];
  readonly discover: Discover;
  readonly logger: Logger;
  /** After a failed discovery, the next attempt waits at least this long. Default 10 s. */
  readonly retryAfterMs?: number;
  readonly now?: () => number;
}

/**
 * The configured identity providers, discovered. `start()` discovers them all: a wrong issuer or a refused
 * http:// issuer stops the gateway, while a provider that does not answer yet is only logged and discovered
 * again when a citizen first needs it (so one broker being down never keeps the gateway, or the other
 * providers, from starting).
 */
export class UpstreamDirectory {
  readonly #settings: ReadonlyMap<string, ProviderSettings>;
  readonly #discover: Discover;
  readonly #logger: Logger;
  readonly #retryAfterMs: number;
  readonly #now: () => number;
  readonly #ready = new Map<string, UpstreamProvider>();
  readonly #pending = new Map<string, Promise<UpstreamProvider>>();
  readonly #failedAt = new Map<string, number>();

  constructor(options: UpstreamDirectoryOptions) {
    this.#settings = new Map(options.providers.map((provider) => [provider.id, provider]));
    this.#discover = options.discover;
    this.#logger = options.logger;
    this.#retryAfterMs = options.retryAfterMs ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    await Promise.all(
      [...this.#settings.keys()].map(async (id) => {
        try {
          await this.#load(id);
        } catch (error) {
          if (error instanceof DiscoveryError && error.retryable) {
            this.#logger.warn(
              { component: 'identity', reason: 'provider_unreachable', check: id },
              'identity provider not reachable at start; will retry when needed',
            );
            return;
          }
          throw error;
        }
      }),
    );
  }

  has(id: string): boolean {
    return this.#settings.has(id);
  }

  settings(id: string): ProviderSettings | undefined {
    return this.#settings.get(id);
  }

  /** The discovered provider; throws LoginFailure when it is unknown or still does not answer. */
  async get(id: string): Promise<UpstreamProvider> {
    const ready = this.#ready.get(id);
    if (ready !== undefined) return ready;
    if (!this.#settings.has(id)) throw new LoginFailure('unknown_provider');
    const failedAt = this.#failedAt.get(id);
    if (failedAt !== undefined && this.#now() - failedAt < this.#retryAfterMs) {
      throw new LoginFailure('provider_unreachable');
    }
    try {
      return await this.#load(id);
    } catch (error) {
      throw new LoginFailure(
        error instanceof DiscoveryError && !error.retryable ? 'unknown_provider' : 'provider_unreachable',
        { cause: error },
      );
    }
  }

  /** A provider already discovered, by its issuer; for tokens that name their issuer (back-channel logout). */
  byIssuer(issuer: string): UpstreamProvider | undefined {
    for (const provider of this.#ready.values()) if (provider.issuer === issuer) return provider;
    return undefined;
  }

  /** The provider with this issuer, discovering it first if need be; undefined when none is configured. */
  async forIssuer(issuer: string): Promise<UpstreamProvider | undefined> {
    const ready = this.byIssuer(issuer);
    if (ready !== undefined) return ready;
    const wanted = URL.parse(issuer)?.href;
    for (const settings of this.#settings.values()) {
      if (wanted !== undefined && URL.parse(settings.issuer)?.href === wanted) {
        return this.get(settings.id).catch(() => undefined);
      }
    }
    return undefined;
  }

  /** Every provider discovered so far. */
  discovered(): UpstreamProvider[] {
    return [...this.#ready.values()];
  }

  #load(id: string): Promise<UpstreamProvider> {
    const settings = this.#settings.get(id);
    if (settings === undefined) return Promise.reject(new LoginFailure('unknown_provider'));
    let pending = this.#pending.get(id);
    if (pending === undefined) {
      pending = this.#discover(settings).then(
        (provider) => {
          this.#ready.set(id, provider);
          this.#failedAt.delete(id);
          this.#pending.delete(id);
          return provider;
        },
        (error: unknown) => {
          this.#failedAt.set(id, this.#now());
          this.#pending.delete(id);
          throw error;
        },
      );
      this.#pending.set(id, pending);
    }
    return pending;
  }
}
