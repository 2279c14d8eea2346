import type { Localised, RequestValue } from '../contracts/index.ts';

export { type AdapterFailureCode, adapterFailureCode } from './failure.ts';
export { untilAborted } from './until-aborted.ts';

/**
 * What the gateway hands an adapter with each call. The request itself is already validated and migrated to the
 * contract's head version: adapters are written once, for the head.
 */
export interface AdapterContext {
  readonly requestId: string;
  /** W3C traceparent to propagate to the business system. */
  readonly traceparent: string;
  /** Aborted when the caller goes away or the gateway's time limit for the call runs out. */
  readonly signal: AbortSignal;
  /** The e-service making the call. */
  readonly eServiceId: string;
  /** The processing activity (purpose id from the configuration) the call is made for. */
  readonly purposeId: string;
  /**
   * The logged-in citizen, resolved server-side by the gateway, for operations that act for a citizen. The
   * personnummer (12 digits) goes to the business system only; adapters must never log it.
   */
  readonly citizen?: { readonly personalIdentityNumber: string };
  /** Idempotency key of the call, when the e-service sent one; pass it on so the effect happens once. */
  readonly idempotencyKey?: string;
}

/** A successful result at head: the body must satisfy the head response schema (the gateway checks). */
export interface AdapterResult {
  readonly body: unknown;
  /** Defaults to the operation's success status. */
  readonly status?: number;
}

export type OperationHandler = (request: RequestValue, context: AdapterContext) => Promise<AdapterResult>;

/** One adapter: a business system's implementation of one contract's head version. */
export interface Adapter {
  /** The contract's name, e.g. `case-management`. */
  readonly contract: string;
  /** The head version the adapter was written for; the gateway refuses an adapter written for any other version. */
  readonly contractVersion: string;
  readonly handlers: Readonly<Record<string, OperationHandler>>;
  /**
   * Optional check that the business system can be reached, for the adapter's own tools and tests. The gateway's
   * `/health/ready` does not call it: one business system down must not take the whole gateway out of service
   * (its circuit breaker and the outbox handle that).
   */
  readonly ready?: (signal: AbortSignal) => Promise<void>;
  readonly close?: () => Promise<void>;
}

const brand = Symbol.for('brygga.operation-error');

/**
 * An adapter's way to answer with one of the operation's declared error cases (e.g. `case_not_found`). The
 * gateway turns it into a problem document with the contract's plain-language texts, translated to the caller's
 * pinned version. Anything else an adapter throws is the business system's failure, never the caller's: see
 * `adapterFailureCode` for which of 502, 503 and 504 the caller gets.
 */
export class OperationError extends Error {
  readonly code: string;
  /** Optional plain-language detail safe to show a person: never personal data. */
  readonly detail: Localised | undefined;

  constructor(code: string, options: { detail?: Localised; cause?: unknown } = {}) {
    super(code, { cause: options.cause });
    this.name = 'OperationError';
    this.code = code;
    this.detail = options.detail;
    Object.defineProperty(this, brand, { value: true });
  }

  static is(value: unknown): value is OperationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
