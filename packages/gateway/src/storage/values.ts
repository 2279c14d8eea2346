import { storageUsageError } from './errors.ts';
import type { Row, SqlValue } from './types.ts';

/**
 * Checks the parameters against the statement before anything reaches a driver: node:sqlite binds a missing
 * parameter as NULL without a word, and treats a stray object as a set of named parameters.
 * Messages name positions and types only, never values (they may hold personal data).
 */
export function checkParams(params: readonly SqlValue[], expected: number): void {
  if (params.length !== expected) {
    throw storageUsageError(
      `the statement has ${expected} placeholder(s) but ${params.length} parameter(s) were given`,
    );
  }
  for (let i = 0; i < params.length; i += 1) {
    const value: unknown = params[i];
    switch (typeof value) {
      case 'string':
      case 'bigint':
      case 'boolean':
        continue;
      case 'number':
        // SQLite stores NaN as NULL while PostgreSQL keeps it: refuse it rather than differ.
        if (Number.isNaN(value)) throw storageUsageError(`parameter $${i + 1} is NaN`);
        continue;
      case 'object':
        if (value === null || value instanceof Uint8Array) continue;
    }
    throw storageUsageError(`parameter $${i + 1} has an unsupported type (${typeof value})`);
  }
}

/**
 * SQLite binding: booleans become 1/0 and integral numbers are bound as integers. node:sqlite binds every JS
 * number as a double, which a TEXT column would store as '5.0' where PostgreSQL stores '5'.
 */
export function toSqliteParams(
  params: readonly SqlValue[],
): Array<string | number | bigint | null | Uint8Array> {
  const out = new Array<string | number | bigint | null | Uint8Array>(params.length);
  for (let i = 0; i < params.length; i += 1) {
    const value = params[i] as SqlValue;
    if (typeof value === 'boolean') out[i] = value ? 1n : 0n;
    else if (typeof value === 'number' && Number.isSafeInteger(value)) out[i] = BigInt(value);
    else out[i] = value;
  }
  return out;
}

/** PostgreSQL binding: booleans as 1/0, which both `boolean` and integer columns accept. */
export function toPostgresParams(params: readonly SqlValue[]): unknown[] {
  return params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

const minSafe = BigInt(Number.MIN_SAFE_INTEGER);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** Integers beyond ±(2^53 − 1) stay `bigint`: a silent rounding would corrupt ids and counters. */
export function integerFromBigInt(value: bigint): number | bigint {
  return value >= minSafe && value <= maxSafe ? Number(value) : value;
}

/**
 * A node:sqlite row (read with `readBigInts`, null prototype) as an ordinary object with the shared value
 * rules applied, so rows compare equal across backends.
 */
export function fromSqliteRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const key in row) {
    const value = row[key];
    out[key] = typeof value === 'bigint' ? integerFromBigInt(value) : value;
  }
  return out;
}
