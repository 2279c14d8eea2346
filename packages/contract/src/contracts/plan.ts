import type { ResolvedOperation } from './contract.ts';
import type { RequestValue } from './operation.ts';
import type { TranslationContext } from './version.ts';

/** One transform of a migration chain, with the change it came from (for error messages). */
export interface Step<F> {
  readonly changeId: string;
  readonly version: string;
  readonly run: F;
}

/** An `up` step, with what its refusals mean to the pinned version. */
export interface UpStep extends Step<(request: RequestValue, context: TranslationContext) => RequestValue> {
  /**
   * Error code declared at the version the step reads (the older side of its change) → the code the pinned
   * version uses for it. A refusal with a code missing here is a bug in the change.
   */
  readonly refusalCodes: ReadonlyMap<string, string>;
}

/**
 * Everything translation needs for one (version, operation), computed by `defineContract` so a call does no
 * lookups or list building of its own.
 */
export interface OperationPlan {
  readonly contract: string;
  readonly operation: ResolvedOperation;
  readonly head: ResolvedOperation;
  /** Applied in order: the change right above the pinned version first. */
  readonly up: readonly UpStep[];
  /** Applied in order: the head's changes first. */
  readonly down: readonly Step<(body: unknown, context: TranslationContext) => unknown>[];
  /** When the request schemas are the head's own and nothing migrates, the pinned parse is the head parse. */
  readonly requestIsHead: boolean;
  readonly responseIsHead: boolean;
  /** Head error code → the code this version uses. Codes missing here are passed through. */
  readonly errorCodes: ReadonlyMap<string, string>;
}

/** Internal: keyed by the resolved operation object, which only `defineContract` creates. */
export const plans = new WeakMap<ResolvedOperation, OperationPlan>();
