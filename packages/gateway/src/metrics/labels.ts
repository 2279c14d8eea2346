import { containsPersonnummer } from '../log/scrub.ts';

/**
 * The only label names Brygga's metrics may carry. A fixed list keeps cardinality bounded and makes a new label a
 * reviewed change, not something a caller slips in.
 */
export const allowedLabels = [
  'method',
  'route',
  'status_class',
  'e_service',
  'contract',
  'version',
  'operation',
  'business_system',
  'outcome',
  'reason',
  'state',
] as const;

export type MetricLabel = (typeof allowedLabels)[number];

/** What a label value is replaced by when it is not safe or not bounded. */
export const otherLabel = 'other';

const labelValuePattern = /^[a-z0-9][a-z0-9._:-]{0,63}$/i;
// Route patterns come from the code (`/contracts/:contract/*`), never from the request, so their slashes and
// wildcards are allowed; the raw path never reaches this.
const routePattern = /^\/[a-z0-9._:/*{}-]{0,127}$/i;
const httpMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * A label value as it may be exported: identifier-like, at most 64 characters, and never shaped like a
 * personnummer (ids are configuration, but a value that carries one is personal data and must not leave). Pure.
 */
export function labelValue(value: string | number | undefined): string {
  const text = String(value ?? '');
  return labelValuePattern.test(text) && !containsPersonnummer(text) ? text : otherLabel;
}

/** A Hono route pattern as a label; anything else (a raw path would have no `:` parameters) is `other`. Pure. */
export function routeLabel(pattern: string): string {
  return routePattern.test(pattern) && !containsPersonnummer(pattern) ? pattern : otherLabel;
}

/** The standard HTTP methods as themselves, anything else as `other` (a client can send any token). Pure. */
export function methodLabel(method: string): string {
  return httpMethods.has(method) ? method : otherLabel;
}

/** `2xx`, `4xx`…: the status class, so labels stay few. Pure. */
export function statusClass(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599
    ? `${Math.floor(status / 100)}xx`
    : otherLabel;
}

/** Checks label names against {@link allowedLabels}; throws on a name outside it (a programming error). */
export function assertAllowedLabels(names: readonly string[]): asserts names is readonly MetricLabel[] {
  const unknown = names.filter((name) => !(allowedLabels as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `metric labels not in the allowlist: ${unknown.join(', ')} (allowed: ${allowedLabels.join(', ')})`,
    );
  }
}

/** Every value of a label set passed through {@link labelValue} (the route through {@link routeLabel}). Pure. */
export function cleanLabels<L extends MetricLabel>(
  labels: Readonly<Partial<Record<L, string | number | undefined>>>,
): Partial<Record<L, string>> {
  const clean: Partial<Record<L, string>> = {};
  for (const [name, value] of Object.entries(labels) as [L, string | number | undefined][]) {
    clean[name] = name === 'route' ? routeLabel(String(value ?? '')) : labelValue(value);
  }
  return clean;
}
