import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createApp, createLogger } from '@brygga/gateway/http';
import { AccessTokenVerifier, requireAccessToken } from '@brygga/gateway/identity';
import type { ResultRow } from '../lib/table.ts';

const issuer = 'https://brygga.example/oidc';
const audience = 'https://brygga.example/api';
const targetPerSecond = 20_000;

/** An access token as the gateway issues them, signed with node:crypto (JOSE wants raw r‖s EC signatures). */
function accessToken(privateKey: KeyObject, index: number): string {
  const alg = privateKey.asymmetricKeyType === 'rsa' ? 'RS256' : 'ES256';
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg, typ: 'at+jwt', kid: 'bench' })}.${part({
    iss: issuer,
    aud: audience,
    sub: `pairwise-${index}`,
    client_id: 'bench-client',
    scope: 'case-management',
    session_ref: `session-${index}`,
    jti: `jti-${index}`,
    iat: now,
    exp: now + 3600,
  })}`;
  const signature =
    alg === 'RS256'
      ? sign('sha256', Buffer.from(input), privateKey)
      : sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** Calls per second over one sample of `calls` calls, cycling through the tokens. */
async function sample(calls: number, tokens: readonly string[], call: (token: string) => Promise<unknown>) {
  const started = performance.now();
  for (let index = 0; index < calls; index += 1) await call(tokens[index % tokens.length] as string);
  return calls / ((performance.now() - started) / 1000);
}

/**
 * The cost of authenticating one API call: verifying the access token an e-service sends (1 000 citizens, each
 * token seen many times, as their e-service keeps calling), with the verifier's cache, without it, and through
 * the whole gateway middleware chain. In-process: no sockets, so the figure is the gateway's own work.
 */
export async function tokenVerify(runs: number): Promise<ResultRow[]> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const tokens = Array.from({ length: 1000 }, (_, index) => accessToken(privateKey, index));
  const verifier = (cacheSize: number) =>
    new AccessTokenVerifier({
      issuer,
      audience,
      publicKey,
      algorithm: 'ES256',
      eServiceOf: () => 'bench',
      cacheSize,
    });

  const cached = verifier(10_000);
  const uncached = verifier(1); // every call verifies a signature: the cache holds one token, the pool is 1 000
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaTokens = Array.from({ length: 1000 }, (_, index) => accessToken(rsa.privateKey, index));
  const uncachedRsa = new AccessTokenVerifier({
    issuer,
    audience,
    publicKey: rsa.publicKey,
    algorithm: 'RS256',
    eServiceOf: () => 'bench',
    cacheSize: 1,
  });
  const app = createApp({ logger: createLogger({ level: 'silent' }) });
  app.get(
    '/api/cases',
    requireAccessToken({ verifier: verifier(10_000), scopes: ['case-management'] }),
    (c) => c.body(null, 204),
  );
  const throughApp = async (token: string) => {
    const response = await app.fetch(
      new Request('http://127.0.0.1/api/cases', { headers: { authorization: `Bearer ${token}` } }),
    );
    if (response.status !== 204) throw new Error(`unexpected status ${response.status}`);
  };

  // Warm up: JIT, and every token verified once so the cached figures are steady-state.
  for (const token of tokens) {
    await cached.verify(token);
    await throughApp(token);
  }
  const results = {
    cached: [] as number[],
    uncached: [] as number[],
    rsa: [] as number[],
    app: [] as number[],
  };
  for (let run = 0; run < runs; run += 1) {
    results.cached.push(await sample(20_000, tokens, (token) => cached.verify(token)));
    results.uncached.push(await sample(2_000, tokens, (token) => uncached.verify(token)));
    results.rsa.push(await sample(2_000, rsaTokens, (token) => uncachedRsa.verify(token)));
    results.app.push(await sample(5_000, tokens, throughApp));
  }
  const row = (metric: string, samples: number[], target?: number): ResultRow => {
    const sorted = [...samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    // For a rate the bad tail is the low end: report the 10th percentile as the "p90" (90 % of samples were faster).
    const low = sorted[Math.max(0, Math.ceil(sorted.length * 0.1) - 1)] as number;
    const format = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
    return {
      benchmark: 'token verify',
      metric,
      n: samples.length,
      median: format(median),
      p90: format(low),
      target: target === undefined ? '–' : `≥ ${target.toLocaleString('en-US')}/s`,
      met: target === undefined ? undefined : low >= target,
    };
  };
  return [
    row('verified calls, with the cache (requireAccessToken verifier)', results.cached, targetPerSecond),
    row('verified calls, every ES256 signature checked (no cache)', results.uncached),
    row('verified calls, every RS256 signature checked (no cache)', results.rsa),
    row('whole gateway app: every middleware + requireAccessToken, cached', results.app),
  ];
}
