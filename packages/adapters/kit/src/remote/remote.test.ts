// The protocol end to end over real sockets: remoteAdapter (the gateway's side) → listenAdapter (the adapter
// owner's service) → a local adapter. Edge cases against a bare node:http server on port 0.
import {
  type Adapter,
  type AdapterContext,
  adapterFailureCode,
  OperationError,
  type RequestValue,
} from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, json, startServer, type TestServer } from '../../test/http-server.ts';
import { apiKeyHeader } from '../interceptors/auth.ts';
import { type RemoteAdapter, remoteAdapter } from './client.ts';
import { RemoteAdapterError } from './errors.ts';
import { listenAdapter, type RunningAdapterService } from './listen.ts';
import { protocolName } from './protocol.ts';

const citizen = '191212121212'; // Skatteverket's test person
const trace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const head = caseManagement.head.version;

function context(extra: Partial<AdapterContext> = {}): AdapterContext {
  return {
    requestId: 'req-1',
    traceparent: trace,
    signal: AbortSignal.timeout(5_000),
    eServiceId: 'bygglov-e-tjanst',
    purposeId: 'handlagga-bygglov',
    citizen: { personalIdentityNumber: citizen },
    ...extra,
  };
}

const request = (params: Record<string, unknown> = {}, body?: unknown): RequestValue => ({
  params,
  query: {},
  body,
});

/** A local adapter that records what reached it. */
function recordingAdapter() {
  const seen: { operationId: string; request: RequestValue; context: AdapterContext }[] = [];
  const handler =
    (operationId: string, answer: (request: RequestValue) => { body: unknown; status?: number }) =>
    async (request: RequestValue, context: AdapterContext) => {
      seen.push({ operationId, request, context });
      return answer(request);
    };
  const adapter: Adapter = {
    contract: caseManagement.name,
    contractVersion: head,
    handlers: {
      createCase: handler('createCase', () => ({ body: { caseId: 'BN-1' }, status: 201 })),
      getCase: async (request, context) => {
        seen.push({ operationId: 'getCase', request, context });
        throw new OperationError('case_not_found', {
          detail: { sv: 'Ärendet finns inte.', en: 'There is no such case.' },
        });
      },
      listMyCases: handler('listMyCases', () => ({ body: { cases: [] } })),
      getCaseStatus: async () => {
        throw new Error(`business system said no to ${citizen}`);
      },
    },
  };
  return { adapter, seen };
}

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((item) => item.close()));
});

function remote(baseUrl: string, extra: Partial<Parameters<typeof remoteAdapter>[0]> = {}): RemoteAdapter {
  const adapter = remoteAdapter({
    baseUrl,
    contract: caseManagement,
    transport: { retry: { minDelayMs: 1, maxDelayMs: 5 }, timeout: { connectMs: 1_000, requestMs: 2_000 } },
    ...extra,
  });
  open.push(adapter);
  return adapter;
}

describe('remoteAdapter → listenAdapter', () => {
  async function pair(key = 'remote-key') {
    const local = recordingAdapter();
    const seenRequests: { url: string; headers: Record<string, string> }[] = [];
    const errors: unknown[] = [];
    const service: RunningAdapterService = await listenAdapter(local.adapter, {
      authenticate: (incoming) => {
        seenRequests.push({ url: incoming.url, headers: Object.fromEntries(incoming.headers) });
        return incoming.headers.get('x-api-key') === key;
      },
      onError: (error) => errors.push(error),
    });
    open.push(service);
    const adapter = remote(service.url, {
      transport: {
        auth: apiKeyHeader({ header: 'x-api-key', value: 'remote-key' }),
        retry: { minDelayMs: 1, maxDelayMs: 5 },
      },
    });
    return { ...local, service, adapter, seenRequests, errors };
  }

  it('carries the head request and the context; the personnummer only in the body', async () => {
    const { adapter, seen, seenRequests } = await pair();
    const result = await adapter.handlers.createCase?.(
      request({}, { title: 'Tillbyggnad' }),
      context({ idempotencyKey: 'key-1' }),
    );
    expect(result).toEqual({ body: { caseId: 'BN-1' }, status: 201 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.request).toEqual({ params: {}, query: {}, body: { title: 'Tillbyggnad' } });
    expect(seen[0]?.context).toMatchObject({
      requestId: 'req-1',
      eServiceId: 'bygglov-e-tjanst',
      purposeId: 'handlagga-bygglov',
      citizen: { personalIdentityNumber: citizen },
      idempotencyKey: 'key-1',
      traceparent: trace,
    });
    expect(seen[0]?.context.signal).toBeInstanceOf(AbortSignal);
    const call = seenRequests.at(-1);
    expect(call?.url).toMatch(/\/brygga-adapter\/v1\/operations\/createCase$/);
    expect(call?.headers).toMatchObject({ traceparent: trace, 'idempotency-key': 'key-1' });
    expect(JSON.stringify(seenRequests)).not.toContain(citizen);
  });

  it('turns a 422 into the declared OperationError with its detail', async () => {
    const { adapter } = await pair();
    const failure = await adapter.handlers.getCase?.(request({ caseId: 'BN-9' }), context()).catch((e) => e);
    expect(OperationError.is(failure)).toBe(true);
    expect(failure).toMatchObject({
      code: 'case_not_found',
      detail: { sv: 'Ärendet finns inte.', en: 'There is no such case.' },
    });
  });

  it('hides a failing handler behind a 502 the gateway sees as a failure, without its message', async () => {
    const { adapter, errors } = await pair();
    const failure = await adapter.handlers
      .getCaseStatus?.(request({ caseId: 'BN-1' }), context())
      .catch((e) => e);
    expect(failure).toBeInstanceOf(RemoteAdapterError);
    expect(failure).toMatchObject({ failure: 'bad_answer', status: 502 });
    expect(String(failure.message)).not.toContain(citizen);
    // Told to the service's own log, once per attempt: a read is retried on 502 like any idempotent call.
    expect(errors).toHaveLength(3);
  });

  it('answers a handler that outlives timeoutMs with 504, which the gateway reads as gateway_timeout', async () => {
    const local = recordingAdapter();
    const errors: unknown[] = [];
    const service = await listenAdapter(
      {
        ...local.adapter,
        handlers: { ...local.adapter.handlers, getCase: () => new Promise<never>(() => {}) },
      },
      { timeoutMs: 100, onError: (error) => errors.push(error) },
    );
    open.push(service);
    const adapter = remote(service.url, {
      transport: { retry: false, timeout: { connectMs: 1_000, requestMs: 15_000 } },
    });
    const failure = await adapter.handlers
      .getCase?.(request({ caseId: 'BN-1' }), context({ signal: AbortSignal.timeout(15_000) }))
      .catch((e) => e);
    expect(failure).toBeInstanceOf(RemoteAdapterError);
    expect(failure).toMatchObject({ failure: 'bad_answer', status: 504 });
    expect(adapterFailureCode(failure)).toBe('gateway_timeout');
    expect(errors).toHaveLength(1);
  }, 20_000);

  it('refuses a caller without the right credentials (401 is a failure, not an answer)', async () => {
    const { service } = await pair('another-key');
    const adapter = remote(service.url);
    const failure = await adapter.manifest().catch((e) => e);
    expect(failure).toMatchObject({ failure: 'bad_answer', status: 401 });
  });

  it('reports readiness from the local adapter', async () => {
    const { adapter } = await pair();
    await expect(adapter.ready(AbortSignal.timeout(2_000))).resolves.toBeUndefined();
    expect(await adapter.manifest()).toEqual({
      protocol: protocolName,
      contract: 'case-management',
      contractVersion: head,
      operations: ['createCase', 'getCase', 'listMyCases', 'getCaseStatus'],
    });
  });
});

describe('remoteAdapter against a bare server', () => {
  const manifest = {
    protocol: protocolName,
    contract: 'case-management',
    contractVersion: head,
    operations: ['createCase', 'getCase', 'listMyCases', 'getCaseStatus'],
  };

  async function server(
    operation: (path: string, index: number) => [number, unknown, Record<string, string>?] | 'hang' | 'reset',
    manifestAnswer: () => [number, unknown] | 'reset' = () => [200, manifest],
  ): Promise<TestServer> {
    let operations = 0;
    const started = await startServer((incoming, response) => {
      const path = incoming.url ?? '';
      const answer = path.endsWith('/manifest') ? manifestAnswer() : operation(path, operations++);
      if (answer === 'hang') return;
      if (answer === 'reset') {
        response.socket?.destroy();
        return;
      }
      const [status, body, headers] = answer;
      if (typeof body === 'string') {
        response.writeHead(status, headers ?? { 'content-type': 'text/html' });
        response.end(body);
      } else json(response, status, body, headers);
    });
    open.push(started);
    return started;
  }

  it('retries a read (sent as POST) on 503, but not a create without an Idempotency-Key', async () => {
    const system = await server((_, index) => (index === 0 ? [503, {}] : [200, { body: { cases: [] } }]));
    const adapter = remote(system.origin);
    await expect(adapter.handlers.listMyCases?.(request(), context())).resolves.toEqual({
      body: { cases: [] },
    });
    const posts = () => system.requests.filter((seen) => seen.method === 'POST').length;
    expect(posts()).toBe(2);

    const writes = await server((_, index) =>
      index === 0 ? [503, {}] : [200, { body: { caseId: 'BN-1' } }],
    );
    const writer = remote(writes.origin);
    await expect(writer.handlers.createCase?.(request({}, {}), context())).rejects.toMatchObject({
      status: 503,
    });
    await expect(
      writer.handlers.createCase?.(request({}, {}), context({ idempotencyKey: 'k' })),
    ).resolves.toEqual({ body: { caseId: 'BN-1' } });
  });

  it('treats a 500 or a garbage body as a failure whose message holds no part of the body', async () => {
    const secret = `<html>stack trace for ${citizen}</html>`;
    const answers: [number, unknown, Record<string, string>?][] = [
      [500, { error: secret }],
      [200, secret],
      [200, secret, { 'content-type': 'application/json' }],
      [200, { status: 404, body: secret }],
      [422, { error: { code: `Not A Code ${citizen}` } }],
    ];
    const system = await server((_, index) => answers[index] ?? [500, {}]);
    const adapter = remote(system.origin, { transport: { retry: false } });
    for (const _ of answers) {
      const failure = await adapter.handlers.createCase?.(request({}, {}), context()).catch((e) => e);
      expect(failure).toBeInstanceOf(RemoteAdapterError);
      expect(failure.failure).toBe('bad_answer');
      expect(`${failure.message} ${JSON.stringify(failure)}`).not.toContain(citizen);
    }
  });

  it('gives up on a remote that does not answer in time', async () => {
    const system = await server(() => 'hang');
    const adapter = remote(system.origin, {
      transport: { retry: false, timeout: { connectMs: 1_000, requestMs: 50 } },
    });
    const failure = await adapter.handlers.getCase?.(request({ caseId: 'BN-1' }), context()).catch((e) => e);
    expect(failure).toMatchObject({ failure: 'unreachable' });
    expect(failure.cause).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('asks again for the manifest of a remote that was down, and refuses one for another head', async () => {
    let manifestAnswer: [number, unknown] | 'reset' = 'reset';
    const system = await server(
      () => [200, { body: { caseId: 'BN-1', status: 'submitted', updatedAt: '2026-11-24T14:05:00Z' } }],
      () => manifestAnswer,
    );
    const adapter = remote(system.origin, { transport: { retry: false } });
    await expect(adapter.manifest()).rejects.toMatchObject({ failure: 'unreachable' });
    await expect(
      adapter.handlers.getCaseStatus?.(request({ caseId: 'BN-1' }), context()),
    ).rejects.toMatchObject({
      failure: 'unreachable',
    });
    manifestAnswer = [200, { ...manifest, contractVersion: '2026-11-01' }];
    await expect(
      adapter.handlers.getCaseStatus?.(request({ caseId: 'BN-1' }), context()),
    ).rejects.toMatchObject({
      failure: 'incompatible',
      message: `The remote adapter serves case-management 2026-11-01, not case-management ${head}.`,
    });
    manifestAnswer = [200, manifest];
    await expect(
      adapter.handlers.getCaseStatus?.(request({ caseId: 'BN-1' }), context()),
    ).resolves.toMatchObject({
      body: { status: 'submitted' },
    });
    // Once good, the manifest is kept: a single further call asks for no manifest.
    const manifests = () => system.requests.filter((seen) => seen.url.endsWith('/manifest')).length;
    const before = manifests();
    await adapter.handlers.getCaseStatus?.(request({ caseId: 'BN-1' }), context());
    expect(manifests()).toBe(before);
  });

  it('fails with unreachable when nothing listens', async () => {
    const adapter = remote(await closedPort(), { transport: { retry: false } });
    await expect(adapter.handlers.getCase?.(request({ caseId: 'BN-1' }), context())).rejects.toMatchObject({
      failure: 'unreachable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
