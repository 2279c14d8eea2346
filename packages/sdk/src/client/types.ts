import type {
  Contract,
  HeadVersionId,
  OperationAt,
  OperationIdAt,
  OperationShape,
  RequestInput,
  ResponseOutput,
} from '@brygga/contract';
import type { RequestOptions, ResponseMeta } from '../core/request.ts';

// Everything here is inferred from the contract's zod schemas at the pinned version: the head operations as
// written, older versions through the `before` shapes each version change declares (checked against the
// runtime's schemas by the contract's own tests). No code generation.

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Parts<Op extends OperationShape> = Op['request'];

type ParamsPart<Op extends OperationShape> =
  Parts<Op> extends { readonly params: object }
    ? { readonly params: RequestInput<Op>['params'] }
    : { readonly params?: undefined };

type QueryPart<Op extends OperationShape> =
  Parts<Op> extends { readonly query: object }
    ? object extends RequestInput<Op>['query']
      ? { readonly query?: RequestInput<Op>['query'] }
      : { readonly query: RequestInput<Op>['query'] }
    : { readonly query?: undefined };

type BodyPart<Op extends OperationShape> =
  Parts<Op> extends { readonly body: object }
    ? undefined extends RequestInput<Op>['body']
      ? { readonly body?: RequestInput<Op>['body'] }
      : { readonly body: RequestInput<Op>['body'] }
    : { readonly body?: undefined };

/** What a call of an operation takes: its path parameters, query and body, each only if the operation has it. */
export type OperationInput<Op extends OperationShape> = Simplify<
  ParamsPart<Op> & QueryPart<Op> & BodyPart<Op>
>;

/** The parsed JSON response body of an operation. */
export type OperationOutput<Op extends OperationShape> = ResponseOutput<Op>;

/** Arguments of an operation method: the input may be left out when nothing in it is required. */
export type OperationArgs<Op extends OperationShape> =
  object extends OperationInput<Op>
    ? [input?: OperationInput<Op>, options?: RequestOptions]
    : [input: OperationInput<Op>, options?: RequestOptions];

export type OperationMethod<Op extends OperationShape> = (
  ...args: OperationArgs<Op>
) => Promise<OperationOutput<Op>>;

export type OperationMethodWithResponse<Op extends OperationShape> = (
  ...args: OperationArgs<Op>
) => Promise<{ readonly data: OperationOutput<Op>; readonly response: ResponseMeta }>;

/** A submission the gateway accepted for delivery later (`202`), as `client.submit.<operation>` resolves. */
export interface Receipt<Id extends string = string> {
  /** Keep it (with `operation`) to look the submission up later, e.g. after a restart. */
  readonly receiptId: string;
  readonly status: 'accepted';
  readonly statusUrl: string;
  readonly acceptedAt: string;
  /** Added by the SDK: the operation submitted, so `receipts.wait` knows the type of its result. */
  readonly operation: Id;
}

export type ReceiptState = 'accepted' | 'delivering' | 'delivered' | 'failed' | 'dead';

/** Where a submission stands (`GET /receipts/{receiptId}`). */
export interface ReceiptStatus {
  readonly receiptId: string;
  /** `delivered`, `failed` (the business system refused it) and `dead` (given up after retries) are final. */
  readonly status: ReceiptState;
  readonly contract: string;
  readonly version: string;
  readonly operation: string;
  readonly attempts: number;
  readonly acceptedAt: string;
  readonly updatedAt: string;
  readonly nextAttemptAt?: string | undefined;
  readonly deliveredAt?: string | undefined;
  /** When delivered: the operation's response, at the version of the call. */
  readonly result?: { readonly status: number; readonly body: unknown } | undefined;
  /** When failed or dead: the stable code and a title a person can read. */
  readonly problem?: { readonly code: string; readonly title: string } | undefined;
}

export interface WaitOptions {
  /** Stops waiting; the wait then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Gives up (TimeoutError) when the submission is not final by then. Default 15 minutes (`receipts.get` the
   * receipt later, or wait again, for a submission that takes longer). Polls are at most a minute apart.
   */
  readonly timeoutMs?: number | undefined;
}

/** The ids of the operations at version `V` that change something (not GET): what `submit` offers. */
export type MutatingOperationId<C, V extends string> = {
  [Id in OperationIdAt<C, V>]: OperationAt<C, V, Id>['method'] extends 'get' ? never : Id;
}[OperationIdAt<C, V>];

export type SubmitMethod<Op extends OperationShape, Id extends string> = (
  ...args: OperationArgs<Op>
) => Promise<Receipt<Id>>;

export interface Receipts<C, V extends string> {
  /** The submission's status now. */
  get(receiptId: string, options?: RequestOptions): Promise<ReceiptStatus>;
  /**
   * Polls (as `Retry-After` says, at most a minute apart) until the submission is final, for up to 15 minutes
   * by default (`timeoutMs`): resolves with the operation's result, typed at the pinned version; rejects with a
   * `SubmissionError` when it failed or is dead, a `TimeoutError` when it is not final in time, and an `ApiError`
   * `result_unavailable` when it was delivered without its result.
   */
  wait<Id extends MutatingOperationId<C, V>>(
    receipt: { readonly receiptId: string; readonly operation: Id },
    options?: WaitOptions,
  ): Promise<OperationOutput<OperationAt<C, V, Id>>>;
  /** The same for a bare receipt id: the result is not typed. */
  wait(receiptId: string, options?: WaitOptions): Promise<unknown>;
}

/**
 * A client for contract `C` pinned to version `V` (default: the head): one method per operation that exists at
 * `V`, named by its id, typed as `V` takes and answers it.
 */
export type Client<C extends Contract, V extends string = HeadVersionId<C>> = {
  readonly [Id in OperationIdAt<C, V>]: OperationMethod<OperationAt<C, V, Id>>;
} & {
  /** The same methods, resolving to `{ data, response }`: safe with concurrent calls, unlike `lastResponse`. */
  readonly withResponse: {
    readonly [Id in OperationIdAt<C, V>]: OperationMethodWithResponse<OperationAt<C, V, Id>>;
  };
  /**
   * The writing operations, sent with `Prefer: respond-async`: the gateway keeps the call in its outbox and
   * delivers it when the business system can take it. Resolves with a {@link Receipt} (`202`).
   */
  readonly submit: {
    readonly [Id in MutatingOperationId<C, V>]: SubmitMethod<OperationAt<C, V, Id>, Id>;
  };
  /** Look up and wait for submissions made with `submit`. */
  readonly receipts: Receipts<C, V>;
  /** What the most recent successful call's response said (request id, version); undefined before one. */
  readonly lastResponse: ResponseMeta | undefined;
};
