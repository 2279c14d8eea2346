import { type BusinessDispatcher, createDispatcher, runConformance } from '@brygga/adapter-kit';
import { describeConformance } from '@brygga/adapter-kit/conformance/vitest';
import { type Adapter, type AdapterContext, OperationError, type RequestValue } from '@brygga/contract';
import { caseManagement, headExamples } from '@brygga/contract-case-management';
import { type RunningBusinessSystem, startBusinessSystem } from '@brygga/example-business-system';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseManagementAdapter } from '../src/index.ts';

// The proof of the kit: the real case-management adapter, on a dispatcher built by the kit, against the real
// example business system (its own HTTP server and SQLite store on port 0), passes every head example.

const apiKey = 'conformance-key';

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

async function startPair(apiVersion: 'v1' | 'v2') {
  const system = await startBusinessSystem({ port: 0, dbPath: ':memory:', apiKey, log: () => {} });
  const transport = createDispatcher({
    retry: { minDelayMs: 10, maxDelayMs: 100 },
    breaker: { name: 'bygglov' },
  });
  const adapter = createCaseManagementAdapter({
    baseUrl: system.url,
    apiKey,
    apiVersion,
    dispatcher: transport.dispatcher,
  });
  return { system, transport, adapter };
}

for (const apiVersion of ['v1', 'v2'] as const) {
  describe(`the case-management adapter on business API ${apiVersion}`, () => {
    describeConformance(caseManagement, async () => {
      const { system, transport, adapter } = await startPair(apiVersion);
      return {
        adapter,
        context,
        examples: headExamples,
        prepare,
        async teardown() {
          await adapter.close();
          await transport.close();
          await system.close();
        },
      };
    });
  });
}

describe('runConformance', () => {
  let system: RunningBusinessSystem;
  let transport: BusinessDispatcher;
  let adapter: Adapter;
  beforeAll(async () => {
    ({ system, transport, adapter } = await startPair('v2'));
  });
  afterAll(async () => {
    await adapter.close?.();
    await transport.close();
    await system.close();
  });

  it('reports every operation of the real pair as passing', async () => {
    const report = await runConformance({
      contract: caseManagement,
      adapter,
      context,
      examples: headExamples,
      prepare,
    });
    expect(report).toMatchObject({
      ok: true,
      contract: 'case-management',
      version: caseManagement.head.version,
    });
    expect(report.results.map((result) => [result.operationId, result.ok])).toEqual([
      ['createCase', true],
      ['getCase', true],
      ['listMyCases', true],
      ['getCaseStatus', true],
    ]);
  });

  it('fails an adapter that breaks the contract, naming what broke', async () => {
    const broken: Adapter = {
      ...adapter,
      contractVersion: '2026-11-01',
      handlers: {
        ...adapter.handlers,
        getCaseStatus: async () => ({ body: { caseId: 'BN-1', status: 'lost' } }),
        listMyCases: async () => {
          throw new OperationError('case_not_found');
        },
      },
    };
    const { getCase: _, ...examples } = headExamples;
    const report = await runConformance({
      contract: caseManagement,
      adapter: broken,
      context,
      examples,
      prepare,
    });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      `adapter is written for 2026-11-01, the head is ${caseManagement.head.version}`,
    ]);
    const byId = Object.fromEntries(report.results.map((result) => [result.operationId, result]));
    expect(byId.createCase?.ok).toBe(true);
    expect(byId.getCase?.problems).toEqual(['no example']);
    expect(byId.listMyCases?.problems).toEqual([
      'answered the undeclared error case "case_not_found" instead of a result',
    ]);
    expect(byId.getCaseStatus?.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^response body\.status/),
        expect.stringMatching(/updatedAt/),
      ]),
    );
  });
});
