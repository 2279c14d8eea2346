import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { type AdapterHandlers, defineAdapter } from './define-adapter.ts';

const status = { caseId: 'BN-1', status: 'submitted', updatedAt: '2026-11-20T09:30:00Z' } as const;

function handlers(): AdapterHandlers<typeof caseManagement> {
  return {
    createCase: async () => {
      throw new Error('not in this test');
    },
    getCase: async () => {
      throw new Error('not in this test');
    },
    listMyCases: async ({ query }) => ({ body: { cases: [], nextCursor: query.cursor ?? null } }),
    getCaseStatus: async ({ params }) => ({ body: { ...status, caseId: params.caseId } }),
  };
}

describe('defineAdapter', () => {
  it('builds an adapter for the contract’s head with one handler per operation', async () => {
    const adapter = defineAdapter({
      contract: caseManagement,
      contractVersion: caseManagement.head.version,
      handlers: handlers(),
    });
    expect(adapter.contract).toBe('case-management');
    expect(Object.keys(adapter.handlers).sort()).toEqual([...caseManagement.head.operations.keys()].sort());
    const result = await adapter.handlers.getCaseStatus?.(
      { params: { caseId: 'BN-7' }, query: {}, body: undefined },
      {} as never,
    );
    expect(result?.body).toEqual({ ...status, caseId: 'BN-7' });
  });

  it('refuses missing handlers, handlers for unknown operations and unknown versions', () => {
    const { getCase: _, ...missing } = handlers();
    expect(() =>
      defineAdapter({ contract: caseManagement, contractVersion: '2026-12-01', handlers: missing as never }),
    ).toThrow(/missing handlers getCase/);
    expect(() =>
      defineAdapter({
        contract: caseManagement,
        contractVersion: '2026-12-01',
        handlers: { ...handlers(), deleteCase: async () => ({ body: {} }) } as never,
      }),
    ).toThrow(/unknown operations deleteCase/);
    expect(() =>
      defineAdapter({ contract: caseManagement, contractVersion: '1999-01-01', handlers: handlers() }),
    ).toThrow(/no version 1999-01-01/);
  });

  it('types each handler from the head schemas', () => {
    const typed: AdapterHandlers<typeof caseManagement> = {
      ...handlers(),
      // @ts-expect-error: the head status response has no such status
      getCaseStatus: async () => ({ body: { ...status, status: 'lost' } }),
    };
    expect(typed).toBeDefined();
  });
});
