import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from '../../test/http-server.ts';
import { oauthClientCredentials } from './oauth.ts';

const agent = new Agent();
afterAll(() => agent.close());
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const clientId = 'bygglov:adapter';
const clientSecret = 'very secret/+';

/** An authorisation server issuing token-1, token-2, … and a business system that rejects token-1 when told to. */
async function start(
  options: { tokenStatus?: number; reject?: string; expiresIn?: unknown; hang?: boolean } = {},
) {
  let issued = 0;
  const tokens = await startServer((_request, response) => {
    if (options.hang) return; // an authorisation server that never answers
    if (options.tokenStatus) return json(response, options.tokenStatus, { error: 'invalid_client' });
    issued++;
    const expires_in = 'expiresIn' in options ? options.expiresIn : 300;
    json(response, 200, { access_token: `token-${issued}`, token_type: 'Bearer', expires_in });
  });
  const system = await startServer((request, response) => {
    const rejected =
      options.reject !== undefined && request.headers.authorization === `Bearer ${options.reject}`;
    json(response, rejected ? 401 : 200, {});
  });
  servers.push(tokens, system);
  return { tokens, system };
}

async function statusOf(origin: string, dispatcher: ReturnType<Agent['compose']>): Promise<number> {
  const response = await request(origin, { dispatcher });
  await response.body.dump();
  return response.statusCode;
}

describe('oauthClientCredentials', () => {
  it('fetches one token for many concurrent calls and sends it on all of them', async () => {
    const { tokens, system } = await start();
    const auth = oauthClientCredentials({
      tokenUrl: `${tokens.origin}/token`,
      clientId,
      clientSecret,
      scope: 'cases',
    });
    const dispatcher = agent.compose(auth);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => statusOf(system.origin, dispatcher)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(tokens.requests).toHaveLength(1);
    expect(new Set(system.requests.map((seen) => seen.headers.authorization))).toEqual(
      new Set(['Bearer token-1']),
    );
    const basic = String(tokens.requests[0]?.headers.authorization).replace(/^Basic /, '');
    expect(Buffer.from(basic, 'base64').toString()).toBe(
      `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
    );
  });

  it('refreshes shortly before the token expires', async () => {
    const { tokens, system } = await start();
    let now = 1_000_000;
    const auth = oauthClientCredentials({
      tokenUrl: `${tokens.origin}/token`,
      clientId,
      clientSecret,
      refreshBeforeMs: 30_000,
      now: () => now,
    });
    const dispatcher = agent.compose(auth);
    await statusOf(system.origin, dispatcher);
    now += 269_000; // 300 s lifetime less 30 s margin, not yet reached
    await statusOf(system.origin, dispatcher);
    expect(tokens.requests).toHaveLength(1);
    now += 2_000;
    await statusOf(system.origin, dispatcher);
    expect(tokens.requests).toHaveLength(2);
    expect(system.requests.at(-1)?.headers.authorization).toBe('Bearer token-2');
  });

  it('drops a token the business system rejects, so the next call gets a new one', async () => {
    const { tokens, system } = await start({ reject: 'token-1' });
    const dispatcher = agent.compose(
      oauthClientCredentials({ tokenUrl: `${tokens.origin}/token`, clientId, clientSecret }),
    );
    expect(await statusOf(system.origin, dispatcher)).toBe(401);
    expect(await statusOf(system.origin, dispatcher)).toBe(200);
    expect(tokens.requests).toHaveLength(2);
  });

  it('fails the call, without the secret in the error, when no token is issued', async () => {
    const { tokens, system } = await start({ tokenStatus: 401 });
    const dispatcher = agent.compose(
      oauthClientCredentials({ tokenUrl: `${tokens.origin}/token`, clientId, clientSecret }),
    );
    const error = await request(system.origin, { dispatcher }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'BRYGGA_TOKEN_REQUEST_FAILED', status: 401 });
    expect(JSON.stringify({ ...(error as object) }) + String(error)).not.toContain('secret');
    expect(system.requests).toHaveLength(0);
  });

  it('keeps a short-lived token for half its life instead of fetching one per call', async () => {
    for (const expiresIn of [20, '3600']) {
      const { tokens, system } = await start({ expiresIn });
      const auth = oauthClientCredentials({
        tokenUrl: `${tokens.origin}/token`,
        clientId,
        clientSecret,
        now: () => 1_000_000,
      });
      const dispatcher = agent.compose(auth);
      for (let i = 0; i < 3; i++) expect(await statusOf(system.origin, dispatcher)).toBe(200);
      expect(tokens.requests).toHaveLength(1);
    }
  });

  it('gives up on an authorisation server that does not answer in time', { timeout: 5_000 }, async () => {
    const { tokens, system } = await start({ hang: true });
    const dispatcher = agent.compose(
      oauthClientCredentials({
        tokenUrl: `${tokens.origin}/token`,
        clientId,
        clientSecret,
        tokenTimeoutMs: 100,
      }),
    );
    const error = await request(system.origin, { dispatcher }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'BRYGGA_TOKEN_REQUEST_FAILED' });
    expect(system.requests).toHaveLength(0);
  });

  it('lets the caller abort while the call waits for its token', { timeout: 5_000 }, async () => {
    const { tokens, system } = await start({ hang: true });
    const dispatcher = agent.compose(
      // Far beyond the test's time limit: only the caller's abort can end this call.
      oauthClientCredentials({
        tokenUrl: `${tokens.origin}/token`,
        clientId,
        clientSecret,
        tokenTimeoutMs: 60_000,
      }),
    );
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const pending = request(system.origin, { dispatcher, signal: controller.signal });
    await expect.poll(() => tokens.requests.length).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(system.requests).toHaveLength(0);
  });
});
