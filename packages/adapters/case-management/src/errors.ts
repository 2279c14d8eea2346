/**
 * Why a call to the business system failed in a way no contract error case describes. The gateway answers
 * these with 502/503/504: the failure is the business system's (or the adapter's configuration), never the
 * caller's.
 */
export const businessSystemErrorCodes = {
  /** The business system refused the adapter's credentials (401/403): a configuration fault. */
  unauthorized: 502,
  /** The business system answered 5xx, or its circuit breaker is open (nothing sent): try again later. */
  unavailable: 503,
  /** No connection could be made, or it broke before a whole response arrived. */
  unreachable: 502,
  /** The gateway's time limit ran out (the context's signal, with a TimeoutError) or undici's own timeouts. */
  timeout: 504,
  /** The caller went away: the context's signal was aborted for another reason. */
  aborted: 503,
  /** A 2xx response the adapter cannot read: not JSON, or not the shape the business API documents. */
  bad_response: 502,
  /** A 4xx the adapter has no contract mapping for: the adapter sent something the business system refuses. */
  rejected: 502,
} as const;

export type BusinessSystemErrorCode = keyof typeof businessSystemErrorCodes;

/** Where the failed call went: a route template, never a concrete path (it could hold an id). */
export interface BusinessCall {
  readonly method: string;
  readonly route: string;
}

export interface BusinessSystemErrorOptions {
  /** HTTP status the business system answered with, when it answered. */
  readonly upstreamStatus?: number | undefined;
  /** The business system's `x-request-id`, to find the call in its own logs (dropped unless a plain token). */
  readonly upstreamRequestId?: string | undefined;
  /** The business system's stable problem code (e.g. `validation_failed`), when it sent one (dropped unless a plain token). */
  readonly upstreamCode?: string | undefined;
  /** Field paths and issue codes of an unreadable response; never values or library messages. */
  readonly issues?: readonly string[] | undefined;
  /** Transport errors only: their messages name hosts and ports, not request data. */
  readonly cause?: unknown;
}

const brand = Symbol.for('brygga.adapter.business-system-error');

const upstreamToken = /^[A-Za-z0-9._:-]{1,64}$/;
const personnummerShape = /\d{6}[-+]?\d{4}/;

/**
 * A problem code or request id from the business system, kept only when it is a short plain token: anything else
 * (free text, a newline that would forge a log line, something shaped like a personnummer) is dropped.
 */
export function upstreamTokenOf(value: unknown): string | undefined {
  return typeof value === 'string' && upstreamToken.test(value) && !personnummerShape.test(value)
    ? value
    : undefined;
}

/**
 * A failed business-system call. The message is built only from the code, the method, the route template and
 * the status, so it can be logged as it is: it never carries a personnummer or anything else from a body.
 */
export class BusinessSystemError extends Error {
  readonly code: BusinessSystemErrorCode;
  /** The status the gateway should answer with (502, 503 or 504). */
  readonly status: number;
  readonly call: BusinessCall;
  readonly upstreamStatus: number | undefined;
  readonly upstreamRequestId: string | undefined;
  readonly upstreamCode: string | undefined;
  readonly issues: readonly string[];

  constructor(code: BusinessSystemErrorCode, call: BusinessCall, options: BusinessSystemErrorOptions = {}) {
    const answered = options.upstreamStatus === undefined ? '' : ` answered ${options.upstreamStatus}`;
    super(`Business system call ${call.method} ${call.route}${answered}: ${code}.`, { cause: options.cause });
    this.name = 'BusinessSystemError';
    this.code = code;
    this.status = businessSystemErrorCodes[code];
    // Copied field by field: a caller may pass its whole request, whose body holds personal data.
    this.call = { method: call.method, route: call.route };
    this.upstreamStatus = options.upstreamStatus;
    // Checked here too, whoever built the options: both reach logs as they are.
    this.upstreamRequestId = upstreamTokenOf(options.upstreamRequestId);
    this.upstreamCode = upstreamTokenOf(options.upstreamCode);
    this.issues = options.issues ?? [];
    Object.defineProperty(this, brand, { value: true });
  }

  /** Works across duplicate installs of this package, where `instanceof` would not. */
  static is(value: unknown): value is BusinessSystemError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
