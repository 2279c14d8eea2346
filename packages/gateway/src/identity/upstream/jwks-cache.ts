import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters } from 'jose';

export type FetchJwks = (uri: string) => Promise<JSONWebKeySet>;

export interface JwksCacheOptions {
  readonly uri: string;
  /** Default: GET with a 5 s timeout, refusing anything but a 200 JSON key set. */
  readonly fetchJwks?: FetchJwks;
  /** Milliseconds since the epoch; injected in tests. */
  readonly now?: () => number;
  /** A key set older than this is fetched again before use. Default 10 minutes. */
  readonly maxAgeMs?: number;
  /**
   * After a fetch, a token with an unknown `kid` waits this long before it may cause another fetch. Forged
   * tokens with random key ids therefore cost the provider at most one request per cooldown. Default 30 s.
   */
  readonly cooldownMs?: number;
}

interface Loaded {
  readonly keys: ReturnType<typeof createLocalJWKSet>;
  readonly fetchedAt: number;
}

/**
 * A provider's signing keys (its `jwks_uri`), cached. Key selection is jose's (`kid`, `alg`, `use`; a single
 * key without `kid` is found too). An unknown key refetches once, then not again within the cooldown, and
 * concurrent refetches share one request: key rotation works without a refetch storm.
 */
export class JwksCache {
  readonly #uri: string;
  readonly #fetch: FetchJwks;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  readonly #cooldownMs: number;
  #loaded: Loaded | undefined;
  #pending: Promise<Loaded> | undefined;
  #fetches = 0;

  constructor(options: JwksCacheOptions) {
    this.#uri = options.uri;
    this.#fetch = options.fetchJwks ?? fetchJwks;
    this.#now = options.now ?? Date.now;
    this.#maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
  }

  /** How many times the key set was fetched; for tests and metrics. */
  get fetches(): number {
    return this.#fetches;
  }

  /** A key resolver for jose's `jwtVerify`. */
  readonly resolve = async (header: JWSHeaderParameters): Promise<CryptoKey> => {
    let loaded = await this.#current();
    try {
      return await loaded.keys(header);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (this.#now() - loaded.fetchedAt < this.#cooldownMs) throw error;
    }
    loaded = await this.#refresh();
    return loaded.keys(header);
  };

  async #current(): Promise<Loaded> {
    const loaded = this.#loaded;
    if (loaded !== undefined && this.#now() - loaded.fetchedAt < this.#maxAgeMs) return loaded;
    return this.#refresh();
  }

  #refresh(): Promise<Loaded> {
    this.#pending ??= (async () => {
      try {
        this.#fetches += 1;
        const set = await this.#fetch(this.#uri);
        const loaded = { keys: createLocalJWKSet(set), fetchedAt: this.#now() };
        this.#loaded = loaded;
        return loaded;
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }
}

async function fetchJwks(uri: string): Promise<JSONWebKeySet> {
  const response = await fetch(uri, {
    headers: { accept: 'application/json, application/jwk-set+json' },
    redirect: 'error',
    signal: AbortSignal.timeout(5000),
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`jwks_uri answered ${response.status}`);
  }
  const body = (await response.json()) as unknown;
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw new Error('jwks_uri did not return a key set');
  }
  return body as JSONWebKeySet;
}
