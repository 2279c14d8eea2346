import type { z } from 'zod';
import type { ErrorCases, HttpMethod, Localised, Operation } from './operation.ts';
import type { RouteMatch } from './path-template.ts';
import type { Stability, VersionChange, VersionDefinition, VersionLifecycle } from './version.ts';

export interface ContractDefinition<
  Ops extends readonly Operation[] = readonly Operation[],
  Vs extends readonly VersionDefinition<Ops[number]['id']>[] = readonly VersionDefinition<
    Ops[number]['id']
  >[],
> {
  /** kebab-case, stable: it names the contract in configuration, URLs and usage records. */
  readonly name: string;
  readonly title: Localised;
  readonly description: Localised;
  /** Written once, for the head version. */
  readonly operations: Ops;
  /** Newest first; `versions[0]` is the head. */
  readonly versions: Vs;
}

/** An operation as it is at one version: schemas derived from the head by that version's schema edits. */
export interface ResolvedOperation {
  readonly id: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: Localised;
  readonly description: Localised | undefined;
  readonly request: {
    readonly params: z.ZodObject | undefined;
    readonly query: z.ZodObject | undefined;
    readonly body: z.ZodType | undefined;
  };
  readonly response: { readonly status: number; readonly body: z.ZodType };
  readonly errors: ErrorCases;
  readonly idempotent: boolean;
  readonly actsForCitizen: boolean;
  /** The version this resolution belongs to. */
  readonly version: string;
  /** The oldest version that has the operation. */
  readonly since: string;
}

export interface ResolvedVersion extends VersionLifecycle {
  readonly version: string;
  readonly stability: Stability;
  readonly deprecated: string | undefined;
  readonly sunset: string | undefined;
  readonly changes: readonly VersionChange[];
  readonly isHead: boolean;
  /** The operations that exist at this version, by id. */
  readonly operations: ReadonlyMap<string, ResolvedOperation>;
}

export type OperationRouteMatch = RouteMatch<ResolvedOperation>;

/** A validated contract with every version resolved up front; lookups are map reads. */
export interface Contract<
  Ops extends readonly Operation[] = readonly Operation[],
  Vs extends readonly VersionDefinition[] = readonly VersionDefinition[],
> {
  readonly name: string;
  readonly title: Localised;
  readonly description: Localised;
  /** The head operations exactly as written, keyed by id, with their zod types intact. */
  readonly operations: { readonly [Op in Ops[number] as Op['id']]: Op };
  /** Newest first. */
  readonly versionIds: readonly string[];
  /**
   * The versions exactly as defined, newest first, with their types: each version's operation shapes are inferred
   * from them (see `OperationAt`).
   */
  readonly versionDefinitions: Vs;
  readonly head: ResolvedVersion;
  /** Newest first. */
  readonly versions: readonly ResolvedVersion[];
  resolve(version: string): ResolvedVersion | undefined;
  operation(version: string, operationId: string): ResolvedOperation | undefined;
  /**
   * Routing: the operation that serves `method` and `path` (relative to the contract) at `version`, with its raw
   * path parameters (percent-decoded strings, validated later by `translateRequest`); `method_not_allowed` with
   * the allowed methods when only the path matches; undefined when nothing does (or the version is unknown).
   */
  match(version: string, method: string, path: string): OperationRouteMatch | undefined;
}

/** The operation ids of a contract, as a union. */
export type OperationId<C> = C extends Contract<infer Ops> ? Ops[number]['id'] : never;

/** The head operation with id `Id`, with its zod types. */
export type HeadOperation<C, Id extends string> =
  C extends Contract<infer Ops> ? Extract<Ops[number], { readonly id: Id }> : never;
