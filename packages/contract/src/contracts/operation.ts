import type { z } from 'zod';

/** Text a person reads, in Swedish and English. Plain language (klarspråk), no data from requests. */
export interface Localised {
  readonly sv: string;
  readonly en: string;
}

export const httpMethods = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/**
 * The request schemas of an operation at one version. Every object inside them must be strict
 * (`z.strictObject`): a field the version does not know is an error, not silently dropped.
 */
export interface RequestShape {
  /** Path parameters; its keys must be exactly the `{names}` in the operation's path. */
  readonly params?: z.ZodObject | undefined;
  readonly query?: z.ZodObject | undefined;
  readonly body?: z.ZodType | undefined;
}

/** A business error an operation can answer with, under a stable snake_case code. */
export interface ErrorCase {
  /** HTTP status, 400–599. */
  readonly status: number;
  readonly title: Localised;
  readonly detail?: Localised | undefined;
}

export type ErrorCases = Readonly<Record<string, ErrorCase>>;

/**
 * One operation as written for the head version. The generics keep the zod schemas' types, so an SDK can infer
 * request and response types per operation (see {@link RequestInput} and friends).
 */
export interface Operation<
  Id extends string = string,
  Req extends RequestShape = RequestShape,
  Res extends z.ZodType = z.ZodType,
  Method extends HttpMethod = HttpMethod,
> {
  /** camelCase and stable: it names the operation in logs, usage records, SDK methods and version changes. */
  readonly id: Id;
  readonly method: Method;
  /** OpenAPI path template relative to the contract, e.g. `/cases/{caseId}`. Never carries personal data. */
  readonly path: string;
  readonly summary: Localised;
  readonly description?: Localised | undefined;
  readonly request: Req;
  /**
   * The success response. Every object in `body` must be a plain `z.object` (unknown keys stripped), so fields a
   * version does not know never reach a caller pinned to it.
   */
  readonly response: { readonly status: number; readonly body: Res };
  readonly errors: ErrorCases;
  /** Repeating the call has no further effect (for writes: with the same `Idempotency-Key`). */
  readonly idempotent: boolean;
  /** The call needs a logged-in citizen and acts for them. */
  readonly actsForCitizen: boolean;
}

/** Identity function that keeps the literal id and schema types of an operation defined in its own module. */
export function defineOperation<
  const Id extends string,
  const Req extends RequestShape,
  const Res extends z.ZodType,
  const Method extends HttpMethod,
>(operation: Operation<Id, Req, Res, Method>): Operation<Id, Req, Res, Method> {
  return operation;
}

/**
 * What types need of an operation at one version: its method, request schemas and response body. A head
 * {@link Operation} is one; older versions' shapes come from the changes' declared `before` schemas (see
 * `OperationAt`).
 */
export interface OperationShape {
  readonly method: HttpMethod;
  readonly request: RequestShape;
  readonly response: { readonly body: z.ZodType };
}

/** A request as the translator hands it to version changes and, at head, to the adapter. */
export interface RequestValue {
  readonly params: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
}

type EmptyRecord = Readonly<Record<string, never>>;
type Input<S, Empty> = S extends z.ZodType ? z.input<S> : Empty;
type Output<S, Empty> = S extends z.ZodType ? z.output<S> : Empty;
type Params<Op extends OperationShape> = Op['request'] extends { readonly params?: infer P } ? P : undefined;
type Query<Op extends OperationShape> = Op['request'] extends { readonly query?: infer Q } ? Q : undefined;
type Body<Op extends OperationShape> = Op['request'] extends { readonly body?: infer B } ? B : undefined;

/** What a caller sends at head (before defaults and coercion). */
export interface RequestInput<Op extends OperationShape> {
  readonly params: Input<Params<Op>, EmptyRecord>;
  readonly query: Input<Query<Op>, EmptyRecord>;
  readonly body: Input<Body<Op>, undefined>;
}

/** What the adapter receives at head: the parsed request, after migration from the caller's version. */
export interface RequestOutput<Op extends OperationShape> {
  readonly params: Output<Params<Op>, EmptyRecord>;
  readonly query: Output<Query<Op>, EmptyRecord>;
  readonly body: Output<Body<Op>, undefined>;
}

/** The response body an adapter produces at head. */
export type ResponseInput<Op extends OperationShape> = z.input<Op['response']['body']>;

/** The response body a caller pinned to head receives. */
export type ResponseOutput<Op extends OperationShape> = z.output<Op['response']['body']>;
