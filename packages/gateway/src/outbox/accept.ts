import { BryggaError, type Language, type RequestValue } from '@brygga/contract';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { AuditLog } from '../audit/index.ts';
import type { AuditRecordInput } from '../audit/record.ts';
import { type ContractCallFacts, contractCallRecord } from '../contracts/audit-record.ts';
import { type ProcessedCall, shouldRetryHeader } from '../contracts/routes.ts';
import { newReceiptId, receiptStatus } from './plan.ts';
import type { OutboxSealer } from './seal.ts';
import { insertOrFind } from './sql.ts';

/** A contract call that passed every check and was translated to the head, handed to the outbox instead of the adapter. */
export interface OutboxSubmission extends Omit<ProcessedCall, 'outcome' | 'durationMs'> {
  readonly request: RequestValue;
  readonly idempotencyKey: string | undefined;
  readonly language: Language;
  /** `Brygga-Version` and the version's lifecycle headers, as every contract answer carries. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Accepts a submission; answers 202 with its receipt. */
export type Enqueue = (submission: OutboxSubmission) => Promise<Response>;

export interface AcceptorOptions {
  readonly audit: AuditLog;
  /** Absolute links start with it (server.publicUrl, no trailing slash). */
  readonly publicUrl: string;
  readonly now?: () => number;
  /** Called after a new row is committed (wakes the local worker). */
  readonly onAccepted?: () => void;
  /** Seals the request and the personnummer before they are stored. */
  readonly sealer: OutboxSealer;
}

/** The audit record of a processing by the outbox: on acceptance, and again when the business system has it. */
export function outboxAuditRecord(
  call: Omit<ContractCallFacts, 'personnummer'> & {
    readonly citizen: string | undefined;
    readonly receiptId: string;
  },
  outcome: AuditRecordInput['outcome'],
  stage: 'accepted' | 'delivered' | 'discarded',
): AuditRecordInput {
  return contractCallRecord({ ...call, personnummer: call.citizen }, outcome, {
    outbox: stage,
    receiptId: call.receiptId,
  });
}

/**
 * The outbox's side of a contract call: stores the row and its audit record in one transaction (so a submission is
 * never kept unlogged, nor logged and lost), then answers 202 with the receipt. The same Idempotency-Key from the
 * same e-service gets the first receipt again and writes nothing.
 */
export function outboxAcceptor(options: AcceptorOptions): Enqueue {
  const now = options.now ?? Date.now;
  return async (submission) => {
    const at = now();
    const receiptId = newReceiptId();
    const citizen = submission.citizen?.personalIdentityNumber;
    // Everything that makes this submission this one: a repeated key must come with the same.
    const requestText = canonicalJson([
      submission.contract,
      submission.operationId,
      submission.version,
      submission.purposeId,
      citizen ?? null,
      submission.request,
    ]);
    let accepted: Awaited<ReturnType<typeof insertOrFind>>;
    try {
      accepted = await options.audit.transact(async (tx, append) => {
        const result = await insertOrFind(tx, {
          receiptId,
          eServiceId: submission.eServiceId,
          idempotencyKey: submission.idempotencyKey,
          contract: submission.contract,
          version: submission.version,
          operation: submission.operationId,
          businessSystem: submission.businessSystem,
          purpose: submission.purposeId,
          language: submission.language,
          request: options.sealer.seal(receiptId, 'request', JSON.stringify(submission.request)),
          citizen: citizen === undefined ? undefined : options.sealer.seal(receiptId, 'citizen', citizen),
          requestDigest: options.sealer.fingerprint('request', requestText),
          citizenRef: citizen === undefined ? undefined : options.sealer.fingerprint('citizen', citizen),
          now: at,
          requestId: submission.requestId,
          traceId: submission.traceId,
        });
        if (result.created && (citizen !== undefined || submission.touchesPersonalData)) {
          await append([
            outboxAuditRecord({ ...submission, citizen, receiptId }, { status: 'success' }, 'accepted'),
          ]);
        }
        return result;
      });
    } catch (error) {
      if (BryggaError.is(error) && (error.code === 'service_unavailable' || error.code === 'shutting_down')) {
        throw error;
      }
      // Neither the row nor its record was written: the caller must know the submission was not taken.
      throw new BryggaError('service_unavailable', { headers: { 'Retry-After': '1' }, cause: error });
    }
    const { row } = accepted;
    // A row from before fingerprints were kept, or made under a key since dropped, is compared by operation only.
    const sameRequest =
      row.requestDigest === null ||
      options.sealer.matches('request', requestText, row.requestDigest) !== false;
    if (
      !accepted.created &&
      (row.contract !== submission.contract || row.operation !== submission.operationId || !sameRequest)
    ) {
      // Nothing was written: the first submission stands, and this one was not taken.
      throw new BryggaError('conflict', {
        headers: { ...submission.headers, [shouldRetryHeader]: 'false' },
        detail:
          'Idempotency-Key har redan använts för en annan ansökan. Skicka den här med en ny nyckel. The Idempotency-Key was already used for another submission. Send this one with a new key.',
      });
    }
    if (accepted.created) options.onAccepted?.();
    const statusUrl = `${options.publicUrl}/receipts/${row.receiptId}`;
    return new Response(
      JSON.stringify({
        receiptId: row.receiptId,
        // A repeated Idempotency-Key gets the first submission's receipt as it stands now.
        status: receiptStatus(row),
        statusUrl,
        acceptedAt: new Date(row.createdAt).toISOString(),
      }),
      {
        status: 202,
        headers: {
          ...submission.headers,
          'Content-Type': 'application/json',
          'Cache-Control': 'no-store',
          Location: statusUrl,
          'Preference-Applied': 'respond-async',
          'Retry-After': '1',
        },
      },
    );
  };
}
