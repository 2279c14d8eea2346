// The same conformance kit, across the protocol: the contract's head examples run through a REMOTE adapter (what
// the gateway holds) → this service (the case-management adapter served over HTTP) → the real example business
// system with its own SQLite store, each on its own port 0, on business API v1 and v2.
import {
  apiKeyHeader,
  type RemoteAdapter,
  type RunningAdapterService,
  remoteAdapter,
} from '@brygga/adapter-kit';
import { describeConformance } from '@brygga/adapter-kit/conformance/vitest';
import type { AdapterContext, RequestValue } from '@brygga/contract';
import { caseManagement, headExamples } from '@brygga/contract-case-management';
import { startBusinessSystem } from '@brygga/example-business-system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRemoteAdapterService } from '../src/index.ts';

const businessKey = 'conformance-business-key';
const gatewayKey = 'conformance-gateway-key';

function context(): AdapterContext {
  return {
    requestId: 'conformance',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    signal: AbortSignal.timeout(5_000),
    eServiceId: 'bygglov-e-tjanst',
    purposeId: 'handlagga-bygglov',
    citizen: { personalIdentityNumber: '191212121212' }, // Skatteverket's test person
  };
}

/** The examples' made-up case id does not exist in a fresh business system: read the case the example created. */
function prepare(operationId: string, request: Partial<RequestValue>, earlier: ReadonlyMap<string, unknown>) {
  const created = earlier.get('createCase') as { caseId?: string } | undefined;
  if ((operationId === 'getCase' || operationId === 'getCaseStatus') && created?.caseId) {
    return { ...request, params: { caseId: created.caseId } };
  }
  return request;
}

async function startChain(apiVersion: 'v1' | 'v2', key = gatewayKey) {
  const system = await startBusinessSystem({
    port: 0,
    dbPath: ':memory:',
    apiKey: businessKey,
    log: () => {},
  });
  const service = await startRemoteAdapterService({
    port: 0,
    gatewayKey,
    businessSystemUrl: system.url,
    businessSystemApiKey: businessKey,
    apiVersion,
  });
  const adapter = remoteAdapter({
    baseUrl: service.url,
    contract: caseManagement,
    transport: {
      auth: apiKeyHeader({ header: 'x-api-key', value: key }),
      retry: { minDelayMs: 10, maxDelayMs: 100 },
      breaker: { name: 'remote-bygglov' },
    },
  });
  return {
    system,
    service,
    adapter,
    async close() {
      await adapter.close();
      await service.close();
      await system.close();
    },
  };
}

for (const apiVersion of ['v1', 'v2'] as const) {
  describe(`the remote case-management adapter on business API ${apiVersion}`, () => {
    describeConformance(caseManagement, async () => {
      const chain = await startChain(apiVersion);
      return { adapter: chain.adapter, context, examples: headExamples, prepare, teardown: chain.close };
    });
  });
}

describe('the remote adapter service', () => {
  let chain: Awaited<ReturnType<typeof startChain>>;
  let service: RunningAdapterService;
  let stranger: RemoteAdapter;
  beforeAll(async () => {
    chain = await startChain('v2', 'not-the-key');
    service = chain.service;
    stranger = chain.adapter;
  });
  afterAll(async () => {
    await chain.close();
  });

  it('refuses a caller without its key, before any call reaches the business system', async () => {
    await expect(stranger.manifest()).rejects.toMatchObject({ failure: 'bad_answer', status: 401 });
    const answer = await fetch(`${service.url}/brygga-adapter/v1/manifest`, {
      headers: { 'x-api-key': gatewayKey },
    });
    expect(await answer.json()).toMatchObject({
      contract: 'case-management',
      contractVersion: caseManagement.head.version,
    });
  });

  it('reads a call as large as the gateway lets through (its 1 MiB body limit plus the envelope), and no larger', async () => {
    const envelope = JSON.stringify({
      request: { params: { caseId: 'BN-2026-404' }, query: {} },
      context: {
        requestId: 'large-call',
        eServiceId: 'bygglov-e-tjanst',
        purposeId: 'handlagga-bygglov',
        citizen: { personalIdentityNumber: '191212121212' },
      },
    });
    // JSON may end in white space: the envelope padded to a given size.
    const call = (bytes: number) =>
      fetch(`${service.url}/brygga-adapter/v1/operations/getCase`, {
        method: 'POST',
        headers: { 'x-api-key': gatewayKey, 'content-type': 'application/json' },
        body: envelope + ' '.repeat(bytes - envelope.length),
      });
    const nearTheGatewayLimit = await call(1024 * 1024 + 32 * 1024);
    expect(nearTheGatewayLimit.status).not.toBe(413);
    expect(await nearTheGatewayLimit.json()).toMatchObject({ error: { code: 'case_not_found' } });
    expect((await call(1024 * 1024 + 64 * 1024 + 1)).status).toBe(413);
  });

  it('answers ready through the business system', async () => {
    const answer = await fetch(`${service.url}/brygga-adapter/v1/ready`, {
      headers: { 'x-api-key': gatewayKey },
    });
    expect(answer.status).toBe(200);
  });
});
