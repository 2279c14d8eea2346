import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from '../../test/http-server.ts';
import { apiKeyHeader, bearer } from './auth.ts';
import { traceparent } from './traceparent.ts';

const agent = new Agent();
afterAll(() => agent.close());
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function headersSent(dispatcher: ReturnType<Agent['compose']>, headers: Record<string, string> = {}) {
  server ??= await startServer((_request, response) => json(response, 200, {}));
  const response = await request(server.origin, { dispatcher, headers });
  await response.body.dump();
  return server.requests.at(-1)?.headers ?? {};
}

describe('apiKeyHeader', () => {
  it('sends the key in the named header, replacing any the caller set', async () => {
    const sent = await headersSent(agent.compose(apiKeyHeader({ header: 'X-Api-Key', value: 'secret' })), {
      'x-api-key': 'forged',
    });
    expect(sent['x-api-key']).toBe('secret');
  });

  it('refuses an empty key', () => {
    expect(() => apiKeyHeader({ header: 'x-api-key', value: '' })).toThrow(TypeError);
  });
});

describe('bearer', () => {
  it('sends the current token on every call', async () => {
    let token = 'one';
    const dispatcher = agent.compose(bearer(() => token));
    expect((await headersSent(dispatcher, { authorization: 'Basic forged' })).authorization).toBe(
      'Bearer one',
    );
    token = 'two';
    expect((await headersSent(dispatcher)).authorization).toBe('Bearer two');
  });
});

describe('traceparent', () => {
  const valid = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('propagates a valid W3C traceparent', async () => {
    expect((await headersSent(agent.compose(traceparent(() => valid)))).traceparent).toBe(valid);
  });

  it('drops a malformed one rather than pass it on', async () => {
    const sent = await headersSent(agent.compose(traceparent(() => '00-not-a-trace\r\nx-evil: 1')));
    expect(sent.traceparent).toBeUndefined();
    expect((await headersSent(agent.compose(traceparent(() => undefined)))).traceparent).toBeUndefined();
  });
});
