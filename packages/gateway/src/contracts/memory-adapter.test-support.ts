// An in-memory business system for case-management, written once for the contract's head (as every adapter
// is), for the gateway's contract tests. It also returns a field no version knows (`caseOfficer`), as a real
// business system might, so tests can prove it never reaches a caller. Like the real adapter, it files a case
// under the citizen of the context and shows a citizen only their own cases.
import { type Adapter, type AdapterContext, OperationError, type RequestValue } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';

type Json = Record<string, unknown>;

export interface MemoryCaseSystem {
  readonly adapter: Adapter;
  /** Every context the adapter was called with, in order. */
  readonly contexts: AdapterContext[];
  /** Every head request it received, in order. */
  readonly requests: RequestValue[];
  readonly cases: Map<string, Json>;
  /** Whose each case is (the citizen's personnummer), by case id: held here, never in a head body. */
  readonly owners: Map<string, string>;
}

export function memoryCaseSystem(): MemoryCaseSystem {
  const cases = new Map<string, Json>();
  const owners = new Map<string, string>();
  const citizenOf = (context: AdapterContext) => {
    const number = context.citizen?.personalIdentityNumber;
    if (number === undefined) throw new Error('case-management acts for a citizen, and the context has none');
    return number;
  };
  const ownCase = (caseId: unknown, context: AdapterContext) => {
    const found = cases.get(String(caseId));
    if (!found || owners.get(String(caseId)) !== citizenOf(context))
      throw new OperationError('case_not_found');
    return found;
  };
  const contexts: AdapterContext[] = [];
  const requests: RequestValue[] = [];
  let next = 1;
  const seen = (request: RequestValue, context: AdapterContext) => {
    requests.push(request);
    contexts.push(context);
  };
  const adapter: Adapter = {
    contract: caseManagement.name,
    contractVersion: caseManagement.head.version,
    handlers: {
      async createCase(request, context) {
        seen(request, context);
        const caseId = `BN-2026-${String(next++).padStart(6, '0')}`;
        const stored = {
          caseId,
          ...(request.body as Json),
          status: 'supplement_requested',
          submittedAt: '2026-11-20T09:30:00Z',
          caseOfficer: 'Handläggare Karlsson',
        };
        cases.set(caseId, stored);
        owners.set(caseId, citizenOf(context));
        return { body: stored };
      },
      async getCase(request, context) {
        seen(request, context);
        return { body: ownCase(request.params.caseId, context) };
      },
      async listMyCases(request, context) {
        seen(request, context);
        const citizen = citizenOf(context);
        const mine = [...cases.values()].filter((found) => owners.get(String(found.caseId)) === citizen);
        const all = mine.map(({ caseId, applicationType, title, status, submittedAt }) => ({
          caseId,
          applicationType,
          title,
          status,
          submittedAt,
        }));
        return { body: { cases: all.slice(0, Number(request.query.limit)), nextCursor: null } };
      },
      async getCaseStatus(request, context) {
        seen(request, context);
        const found = ownCase(request.params.caseId, context);
        return { body: { caseId: found.caseId, status: found.status, updatedAt: '2026-11-24T14:05:00Z' } };
      },
    },
  };
  return { adapter, contexts, requests, cases, owners };
}
