/** How a contract call ended, as usage counts it. */
export const usageOutcomes = [
  /** Answered with the operation's success response. */
  'ok',
  /** Taken into the outbox and answered 202 with a receipt: delivered later, its own outcome is the receipt's. */
  'accepted',
  /** Refused before reaching the business system: invalid input, no citizen. The caller's to fix. */
  'rejected',
  /** One of the operation's declared error cases. */
  'operation_error',
  /** The adapter answered outside the contract. */
  'bad_response',
  /** The adapter failed, or none was available. */
  'failed',
  'timeout',
  /** The caller went away first. */
  'cancelled',
] as const;

export type UsageOutcome = (typeof usageOutcomes)[number];

/** One contract call, as the gateway records it: who called what, at which version, and how it ended. */
export interface UsageEvent {
  readonly eServiceId: string;
  readonly contract: string;
  readonly version: string;
  readonly operationId: string;
  readonly outcome: UsageOutcome;
  /** Epoch milliseconds. */
  readonly at: number;
}

export type RecordUsage = (event: UsageEvent) => void;

/** A stored aggregate: calls per UTC day and (e-service, contract, version, operation, outcome). */
export interface UsageRow {
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly eServiceId: string;
  readonly contract: string;
  readonly version: string;
  readonly operationId: string;
  readonly outcome: UsageOutcome | string;
  readonly calls: number;
  /** ISO 8601 instant of the latest call counted in the row. */
  readonly lastAt: string;
}
