import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvilIdp, startEvilIdp } from './evil-idp.ts';
import { freePort, gatewayConfig, identityEnv, type Stack, startStack } from './stack.ts';

/**
 * The login limits and the client address from the configuration (`server.rateLimits`,
 * `server.trustedProxies`), through a running gateway on a real socket. 127.0.0.2 plays the reverse proxy;
 * 127.0.0.1 is a client talking to the gateway directly.
 */

const proxy = '127.0.0.2';
const direct = '127.0.0.1';

let idp: EvilIdp;
let stack: Stack;
let base: string;

beforeAll(async () => {
  idp = await startEvilIdp();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  stack = await startStack({
    port,
    server: {
      trustedProxies: [proxy],
      rateLimits: { loginPerAddress: { burst: 3, perMinute: 1 } },
    },
    providers: [{ id: 'evil', name: 'BankID', issuer: idp.issuer, clientId: 'gateway-client' }],
    eServices: [
      {
        id: 'svc',
        clientId: 'svc-client',
        redirectUri: 'http://127.0.0.1:65022/callback',
        providers: ['evil'],
      },
    ],
  });
});

afterAll(async () => {
  await stack?.close();
  await idp?.close();
});

/** A login step from a chosen loopback address, with an optional X-Forwarded-For. */
function step(
  from: string,
  forwardedFor?: string,
): Promise<{ status: number; body: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}/login/abc`,
      { localAddress: from, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, body, ...(retryAfter === undefined ? {} : { retryAfter }) });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function statuses(from: string, forwardedFor: (index: number) => string | undefined, count: number) {
  const seen: number[] = [];
  for (let index = 0; index < count; index += 1) seen.push((await step(from, forwardedFor(index))).status);
  return seen;
}

describe('login rate limits from the configuration', () => {
  it('take effect: past the configured burst, 429 rate_limited as a problem with Retry-After', async () => {
    expect(await statuses(proxy, () => '198.51.100.1', 3)).toEqual([400, 400, 400]);
    const refused = await step(proxy, '198.51.100.1');
    expect(refused.status).toBe(429);
    // One token a minute: the next one is most of a minute away.
    expect(Number(refused.retryAfter)).toBeGreaterThan(30);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'rate_limited' });
  });

  it('ignore X-Forwarded-For from a peer that is not a trusted proxy: spoofed addresses share its bucket', async () => {
    const seen = await statuses(direct, (index) => `203.0.113.${index + 1}`, 5);
    expect(seen).toEqual([400, 400, 400, 429, 429]);
  });

  it('honour X-Forwarded-For from a trusted proxy: each client behind it has its own bucket', async () => {
    // Five clients behind the proxy, two requests each: none reaches its burst, although the proxy sent ten.
    const seen = await statuses(proxy, (index) => `192.0.2.${(index % 5) + 10}`, 10);
    expect(seen).toEqual(Array.from({ length: 10 }, () => 400));
    // The proxy's own requests (no header) count as the proxy's.
    expect(await statuses(proxy, () => undefined, 4)).toEqual([400, 400, 400, 429]);
  });
});

describe('server.trustedProxies', () => {
  it('refuses an entry that is neither an IP address nor a CIDR block, and defaults to none', () => {
    const input = { port: 7400, dir: '/tmp', providers: [], eServices: [] };
    expect(() =>
      gatewayConfig({ ...input, server: { trustedProxies: ['proxy.stad.se'] } }, identityEnv()),
    ).toThrow(/trustedProxies.*neither an IP address nor a CIDR block/s);
    const config = gatewayConfig(input, identityEnv());
    expect(config.server.trustedProxies).toEqual([]);
    expect(config.server.rateLimits.loginPerAddress).toEqual({ burst: 2000, perMinute: 1200 });
  });
});
