import type { ErrorCode } from '@brygga/contract';
import type { Receipt, ReceiptStatus } from '../client/types.ts';

/** An RFC 9457 problem document as the gateway sends it; members beyond the standard ones are extensions. */
export interface ProblemDocument {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code?: string;
  readonly requestId?: string;
  readonly [extension: string]: unknown;
}

/** One invalid request value, as a `validation_failed` problem lists it: where and why, never the value. */
export interface FieldError {
  /** JSON Pointer from the request part, e.g. `/body/applicant/email`. */
  readonly path: string;
  readonly code?: string;
  readonly message: string;
}

/**
 * A stable code: one of Brygga's (`ErrorCode`), one an operation declares (`case_not_found`), or one of the
 * SDK's own: `connection_error`, `timeout`, `unexpected_response` (no problem document), `invalid_response`
 * (a success whose body is not JSON, or a receipt the SDK cannot read), `result_unavailable` (a delivered
 * receipt without its result).
 */
export type ApiErrorCode =
  | ErrorCode
  | 'connection_error'
  | 'timeout'
  | 'unexpected_response'
  | 'invalid_response'
  | 'result_unavailable'
  | (string & {});

export interface ApiErrorInit {
  readonly code: ApiErrorCode;
  readonly title: string;
  /** Undefined when no response arrived. */
  readonly status?: number | undefined;
  readonly detail?: string | undefined;
  readonly requestId?: string | undefined;
  readonly problem?: ProblemDocument | undefined;
  readonly headers?: Headers | undefined;
  readonly cause?: unknown;
}

// A symbol from the global registry, so `is()` recognises errors from another copy of this package.
const brand = Symbol.for('brygga.sdk.error');

/**
 * The base of every error a call rejects with (except the caller's own abort, which rejects with the signal's
 * reason). Switch on `code`; quote `requestId` when asking for help. `title` and `detail` are plain language,
 * in the language the call asked for, and safe to show to a person. `message` is the title, code, status and
 * request id, never `detail` (which a business system may write, and messages get logged).
 */
export class BryggaApiError extends Error {
  /** Survives minification and duplicate installs, unlike the class name. */
  static readonly type: string = 'BryggaApiError';
  readonly code: ApiErrorCode;
  readonly status: number | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly problem: ProblemDocument | undefined;
  readonly headers: Headers | undefined;

  constructor(init: ApiErrorInit) {
    const where = [
      init.code,
      init.status && `status ${init.status}`,
      init.requestId && `request ${init.requestId}`,
    ];
    // Not `detail`: a business system's adapter may write it, and messages end up in logs. It stays a property.
    super(`${init.title} [${where.filter(Boolean).join(', ')}]`, {
      cause: init.cause,
    });
    const types: string[] = [];
    for (let type = new.target; type !== (Error as unknown); type = Object.getPrototypeOf(type)) {
      types.push(type.type);
    }
    this.name = types[0] as string;
    Object.defineProperty(this, brand, { value: types });
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.problem = init.problem;
    this.headers = init.headers;
  }

  /** The versions the gateway still serves, when the problem lists them (`version_unknown`, `version_sunset`). */
  get supportedVersions(): readonly string[] | undefined {
    const versions = this.problem?.supportedVersions;
    return Array.isArray(versions) ? versions : undefined;
  }

  /**
   * True for an error of this class or a subclass, also when it comes from another install of the SDK, where
   * `instanceof` fails: `NotFoundError.is(error)`.
   */
  static is<T extends typeof BryggaApiError>(this: T, value: unknown): value is InstanceType<T> {
    const types = (value as { [brand]?: unknown } | null)?.[brand];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `is` was called on, e.g. NotFoundError.
    return Array.isArray(types) && types.includes(this.type);
  }
}

/** 400, 422 and other 4xx without a class of their own: the request was wrong and will stay wrong. */
export class InvalidRequestError extends BryggaApiError {
  static override readonly type: string = 'InvalidRequestError';

  /** Each invalid field of a `validation_failed` problem; empty for other codes. */
  get errors(): readonly FieldError[] {
    const errors = this.problem?.errors;
    return Array.isArray(errors) ? errors : [];
  }
}

/** 401: no valid access token. Log in again or fetch a new token. */
export class AuthenticationError extends BryggaApiError {
  static override readonly type: string = 'AuthenticationError';
}

/** 403: the token is valid but may not do this (a scope, a registration or the citizen is missing). */
export class PermissionError extends BryggaApiError {
  static override readonly type: string = 'PermissionError';
}

/** 404. */
export class NotFoundError extends BryggaApiError {
  static override readonly type: string = 'NotFoundError';
}

/** 409: retried (with the same idempotency key) unless the gateway says `Brygga-Should-Retry: false`. */
export class ConflictError extends BryggaApiError {
  static override readonly type: string = 'ConflictError';
}

/** 410 `version_sunset`: the pinned version is retired; move to one of `supportedVersions`. */
export class VersionSunsetError extends BryggaApiError {
  static override readonly type: string = 'VersionSunsetError';
}

/** 429: too many calls; retried after `Retry-After`. */
export class RateLimitError extends BryggaApiError {
  static override readonly type: string = 'RateLimitError';
}

/** 5xx, or a response the SDK cannot read: retried unless the gateway says otherwise. */
export class ApiError extends BryggaApiError {
  static override readonly type: string = 'ApiError';
}

/** No response: the connection failed or dropped. Retried; a write is safe to retry by its idempotency key. */
export class ConnectionError extends BryggaApiError {
  static override readonly type: string = 'ConnectionError';
}

/** No response within `timeoutMs`. A connection error, so retried like one. */
export class TimeoutError extends ConnectionError {
  static override readonly type: string = 'TimeoutError';
}

/**
 * A submission (`client.submit`) did not go through: `failed` (the business system refused it; `code` is the
 * operation's error code, e.g. `property_not_found`) or `dead` (the gateway gave up retrying; `code` is the last
 * error's, e.g. `service_unavailable`; its operators may still send it again, so `receipts.get` can show it
 * delivered later). Not retried by the SDK.
 */
export class SubmissionError extends BryggaApiError {
  static override readonly type: string = 'SubmissionError';
  /** The receipt's last status, `failed` or `dead` (always set by the SDK). */
  readonly receipt: ReceiptStatus | undefined;

  constructor(init: ApiErrorInit & { readonly receipt?: ReceiptStatus | undefined }) {
    super(init);
    this.receipt = init.receipt;
  }
}

/**
 * A plain call was accepted for later delivery instead of being carried out (the e-service's registration says
 * `delivery: outbox`): not a failure, and never to be retried, since the submission is safe in the gateway's
 * outbox. `receipt` is what `client.submit` would have returned: follow it with `client.receipts.wait(receipt)`.
 */
export class AcceptedForDeliveryError extends BryggaApiError {
  static override readonly type: string = 'AcceptedForDeliveryError';
  readonly receipt: Receipt;

  constructor(init: ApiErrorInit & { readonly receipt: Receipt }) {
    super(init);
    this.receipt = init.receipt;
  }
}
