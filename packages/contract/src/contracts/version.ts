import type { z } from 'zod';
import type { ErrorCases, Localised, RequestShape, RequestValue } from './operation.ts';

export const stabilities = ['beta', 'stable'] as const;
export type Stability = (typeof stabilities)[number];

/**
 * What a transform may know of the call besides the values it migrates, resolved by the gateway and never sent
 * by the caller. It lets a newer version drop a field the gateway already knows (the personnummer of the logged-in
 * citizen) while older callers keep sending and receiving it.
 */
export interface TranslationContext {
  /** The logged-in citizen, for operations that act for one. Absent when nobody is logged in. */
  readonly citizen?: { readonly personalIdentityNumber: string } | undefined;
}

/**
 * How one change touches one operation. Schema edits (`request`, `response`, `errors`) derive the OLDER
 * version's schemas from the newer one's; `up` migrates an older request to the newer shape, `down` migrates a
 * newer response body to the older shape. Transforms receive values the translator owns but should still return
 * new values rather than mutate, so they stay safe to reuse and test.
 *
 * Both transforms get the call's {@link TranslationContext} (an empty one when the caller of the translator gave
 * none). An `up` may refuse a request by throwing `OperationError(code)` with an error case the operation
 * declares at the OLDER version, the one whose request it reads (add it with `errors` if only older versions
 * have it); the caller then gets that error case, mapped to its own version through `downError`.
 */
export interface OperationChange {
  /** The operation did not exist before this version; nothing else may be set. */
  readonly added?: true;
  readonly request?: (newer: RequestShape) => RequestShape;
  readonly response?: (newerBody: z.ZodType) => z.ZodType;
  readonly errors?: (newer: ErrorCases) => ErrorCases;
  readonly up?: (olderRequest: RequestValue, context: TranslationContext) => RequestValue;
  readonly down?: (newerResponseBody: unknown, context: TranslationContext) => unknown;
  /** Maps an error code of the newer version to the one the older version uses for the same situation. */
  readonly downError?: (newerCode: string) => string;
}

/**
 * The zod schemas of an operation's parts as they are right after a change going down (the older side), for the
 * parts the change edits. Only types are read from them (so an SDK types calls per version); the runtime keeps
 * deriving schemas with the edits, and `declaredShapeMismatches` proves the two agree.
 */
export interface DeclaredShapes {
  readonly params?: z.ZodObject | undefined;
  readonly query?: z.ZodObject | undefined;
  readonly body?: z.ZodType | undefined;
  readonly response?: z.ZodType | undefined;
}

/**
 * One breaking change, registered under the version that introduced it (Stripe semantics).
 * Within a version, changes are applied in listed order going down (newer to older) and in reverse going up.
 * Declare it with `satisfies VersionChange<OpId>` rather than a type annotation, so `before` keeps its types.
 */
export interface VersionChange<OpId extends string = string> {
  /** kebab-case and unique within the contract. */
  readonly id: string;
  readonly description: Localised;
  /** True when the transforms cannot express the change fully (behaviour differs, not only shape). */
  readonly sideEffects: boolean;
  readonly operations: { readonly [K in OpId]?: OperationChange };
  /**
   * The older shapes of the parts this change edits, by operation: what makes per-version types possible
   * without code generation. Optional; a contract that declares them should test `declaredShapeMismatches`.
   */
  readonly before?: { readonly [K in OpId]?: DeclaredShapes } | undefined;
}

export interface VersionDefinition<OpId extends string = string> {
  /** `YYYY-MM-DD`. */
  readonly version: string;
  readonly stability: Stability;
  /** ISO date (`YYYY-MM-DD`, midnight UTC) or date-time with a zone, from which the version counts as deprecated. */
  readonly deprecated?: string | undefined;
  /** ISO date or date-time from which the version answers 410 Gone. Needs `deprecated`, not before it. */
  readonly sunset?: string | undefined;
  /** What this version introduced relative to the next older one; the oldest version has none. */
  readonly changes: readonly VersionChange<OpId>[];
}

/** Lifecycle instants as epoch milliseconds, precomputed on every resolved version. */
export interface VersionLifecycle {
  readonly deprecatedAt: number | undefined;
  readonly sunsetAt: number | undefined;
}

export type LifecycleStatus = 'active' | 'deprecated' | 'sunset';

export interface VersionStatus extends VersionLifecycle {
  readonly status: LifecycleStatus;
}

/**
 * Where a version stands at `now`, with the instants the gateway needs for `Deprecation: @<seconds>`,
 * `Sunset: <HTTP-date>` and a 410 after sunset. Pure: the caller supplies the clock.
 */
export function versionStatus(version: VersionLifecycle, now: Date | number): VersionStatus {
  const at = typeof now === 'number' ? now : now.getTime();
  const { deprecatedAt, sunsetAt } = version;
  const status: LifecycleStatus =
    sunsetAt !== undefined && at >= sunsetAt
      ? 'sunset'
      : deprecatedAt !== undefined && at >= deprecatedAt
        ? 'deprecated'
        : 'active';
  return { status, deprecatedAt, sunsetAt };
}

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
// A zone is required so an instant never depends on the server's time zone.
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date written `YYYY-MM-DD`, as version ids are. */
export function isCalendarDate(value: string): boolean {
  const match = dateOnly.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Epoch milliseconds for an ISO date (midnight UTC) or a zoned ISO date-time; undefined when invalid. */
export function parseLifecycleDate(value: string): number | undefined {
  if (isCalendarDate(value)) return Date.parse(`${value}T00:00:00Z`);
  if (!dateTime.test(value) || !isCalendarDate(value.slice(0, 10))) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
