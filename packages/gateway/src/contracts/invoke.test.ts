import type { OperationHandler } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { type InvokeInput, invokeOperation } from './invoke.ts';

const status = { caseId: 'BN-2026-1', status: 'approved', updatedAt: '2026-11-24T14:05:00Z' };

function input(handler: OperationHandler, more: Partial<InvokeInput> = {}): InvokeInput {
  return {
    contract: caseManagement,
    version: '2026-04-01',
    operationId: 'getCaseStatus',
    request: { params: { caseId: 'BN-2026-1' }, query: {}, body: undefined },
    handler,
    context: { requestId: 'r', traceparent: 't', eServiceId: 'e', purposeId: 'p' },
    timeoutMs: 1_000,
    ...more,
  };
}

describe('invokeOperation', () => {
  it('translates the answer down to the caller’s version and keeps only a 2xx status the adapter chose', async () => {
    expect(await invokeOperation(input(async () => ({ body: status, status: 203 })))).toEqual({
      kind: 'ok',
      status: 203,
      body: { ...status, status: 'decided' },
    });
    expect(await invokeOperation(input(async () => ({ body: status, status: 500 })))).toMatchObject({
      status: 200,
    });
  });

  it('tells a caller who left from a business system that is late, whether or not the adapter listens', async () => {
    const left = new AbortController();
    const listening: OperationHandler = (_request, context) =>
      new Promise((_, reject) =>
        context.signal.addEventListener('abort', () => reject(context.signal.reason)),
      );
    const pending = invokeOperation(input(listening, { callerSignal: left.signal }));
    left.abort();
    expect(await pending).toEqual({ kind: 'cancelled' });
    expect(await invokeOperation(input(() => new Promise(() => {}), { timeoutMs: 5 }))).toEqual({
      kind: 'timeout',
    });
  });

  it('counts a synchronous throw as a failure of the adapter', async () => {
    const cause = new TypeError('boom');
    const outcome = await invokeOperation(
      input(() => {
        throw cause;
      }),
    );
    expect(outcome).toEqual({ kind: 'failed', cause });
  });
});
