import { AsyncLocalStorage } from 'node:async_hooks';
import { BryggaError } from '@brygga/contract';
import { storageUsageError } from './errors.ts';
import type { Queryable, Row, SqlValue } from './types.ts';

/**
 * The state of one open transaction, shared by both backends. `owner` identifies the database it holds
 * (the SQLite file lock, or the PostgreSQL store), so a call on that database from inside its own
 * transaction can be refused instead of deadlocking.
 */
export class TransactionScope {
  readonly owner: object;
  active = true;
  /** The first statement that failed: the transaction can only roll back after it. */
  failure: BryggaError | undefined;

  constructor(owner: object) {
    this.owner = owner;
  }
}

const current = new AsyncLocalStorage<TransactionScope>();

export function runInScope<T>(scope: TransactionScope, work: () => Promise<T>): Promise<T> {
  return current.run(scope, work);
}

/** True inside the `work` of a still-open transaction on `owner` (and in anything it awaits). */
export function isInsideTransactionOf(owner: object): boolean {
  const scope = current.getStore();
  return scope?.active === true && scope.owner === owner;
}

export function nestedCallError(): BryggaError {
  return storageUsageError(
    'the store was called from inside its own transaction: use the tx handle passed to the work function',
  );
}

/**
 * The `tx` handed to a transaction's work: refuses use after the transaction ended (a leaked handle would
 * otherwise run statements outside the lock) and records the first failure, after which only rollback is
 * possible. PostgreSQL behaves so by itself; doing it here makes SQLite behave the same.
 */
export function scopedQueryable(scope: TransactionScope, inner: Queryable): Queryable {
  const recordFailure = (error: unknown): never => {
    scope.failure ??= BryggaError.is(error) ? error : storageUsageError('a statement failed');
    throw error;
  };
  // Not async/await: this wraps every statement of every transaction, so it adds one promise, not three.
  const guard = <T>(run: () => Promise<T>): Promise<T> => {
    if (!scope.active) {
      return Promise.reject(
        storageUsageError('the transaction has already ended; its tx handle is no longer usable'),
      );
    }
    if (scope.failure) {
      return Promise.reject(
        storageUsageError('an earlier statement failed, so this transaction can only roll back'),
      );
    }
    return run().then(undefined, recordFailure);
  };
  return {
    query: <R extends Row = Row>(sql: string, params?: readonly SqlValue[]) =>
      guard(() => inner.query<R>(sql, params)),
    execute: (sql, params) => guard(() => inner.execute(sql, params)),
    executeScript: (sql) => guard(() => inner.executeScript(sql)),
  };
}
