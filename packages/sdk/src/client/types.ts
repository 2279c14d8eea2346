import type {
  Contract,
  HeadOperation,
  Operation,
  OperationId,
  RequestInput,
  ResponseOutput,
} from '@brygga/contract';
import type { RequestOptions, ResponseMeta } from '../core/request.ts';

// Everything here is inferred from the contract's zod schemas at the HEAD version: the contract model keeps the
// types of the head operations only (older versions are derived at run time by functions typed with plain
// `RequestShape`/`ZodType`), so per-version types cannot be inferred without changing the model.

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Parts<Op extends Operation> = Op['request'];

type ParamsPart<Op extends Operation> =
  Parts<Op> extends { readonly params: object }
    ? { readonly params: RequestInput<Op>['params'] }
    : { readonly params?: undefined };

type QueryPart<Op extends Operation> =
  Parts<Op> extends { readonly query: object }
    ? object extends RequestInput<Op>['query']
      ? { readonly query?: RequestInput<Op>['query'] }
      : { readonly query: RequestInput<Op>['query'] }
    : { readonly query?: undefined };

type BodyPart<Op extends Operation> =
  Parts<Op> extends { readonly body: object }
    ? undefined extends RequestInput<Op>['body']
      ? { readonly body?: RequestInput<Op>['body'] }
      : { readonly body: RequestInput<Op>['body'] }
    : { readonly body?: undefined };

/** What a call of an operation takes: its path parameters, query and body, each only if the operation has it. */
export type OperationInput<Op extends Operation> = Simplify<ParamsPart<Op> & QueryPart<Op> & BodyPart<Op>>;

/** The parsed JSON response body of an operation. */
export type OperationOutput<Op extends Operation> = ResponseOutput<Op>;

/** Arguments of an operation method: the input may be left out when nothing in it is required. */
export type OperationArgs<Op extends Operation> =
  object extends OperationInput<Op>
    ? [input?: OperationInput<Op>, options?: RequestOptions]
    : [input: OperationInput<Op>, options?: RequestOptions];

export type OperationMethod<Op extends Operation> = (
  ...args: OperationArgs<Op>
) => Promise<OperationOutput<Op>>;

export type OperationMethodWithResponse<Op extends Operation> = (
  ...args: OperationArgs<Op>
) => Promise<{ readonly data: OperationOutput<Op>; readonly response: ResponseMeta }>;

/** A client for contract `C`: one method per operation, named by its id. */
export type Client<C extends Contract> = {
  readonly [Id in OperationId<C>]: OperationMethod<HeadOperation<C, Id>>;
} & {
  /** The same methods, resolving to `{ data, response }`: safe with concurrent calls, unlike `lastResponse`. */
  readonly withResponse: {
    readonly [Id in OperationId<C>]: OperationMethodWithResponse<HeadOperation<C, Id>>;
  };
  /** What the most recent successful call's response said (request id, version); undefined before one. */
  readonly lastResponse: ResponseMeta | undefined;
};
