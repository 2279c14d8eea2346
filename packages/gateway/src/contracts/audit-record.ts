import type { AuditRecordInput } from '../audit/record.ts';

/** What the audit log records of a contract call: who called, for whom, which operation, for which purpose. */
export interface ContractCallFacts {
  readonly eServiceId: string;
  readonly businessSystem: string;
  readonly contract: string;
  readonly version: string;
  readonly operationId: string;
  readonly purposeId: string;
  /** The citizen's personnummer, when the call acted for one; the audit log keeps only its keyed hash. */
  readonly personnummer: string | undefined;
  readonly requestId: string;
  readonly traceId: string;
}

/**
 * The audit record of one contract call, made directly or through the outbox: the citizen is the actor when there
 * is one, otherwise the e-service's own system. Pure.
 */
export function contractCallRecord(
  call: ContractCallFacts,
  outcome: AuditRecordInput['outcome'],
  details?: AuditRecordInput['details'],
): AuditRecordInput {
  return {
    actor: call.personnummer ? { kind: 'citizen' } : { kind: 'system', id: call.eServiceId },
    subject: call.personnummer ? { personnummer: call.personnummer } : null,
    eService: call.eServiceId,
    businessSystem: call.businessSystem,
    contract: { name: call.contract, version: call.version },
    operation: call.operationId,
    purpose: call.purposeId,
    outcome,
    traceId: call.traceId,
    requestId: call.requestId,
    ...(details === undefined ? {} : { details }),
  };
}
