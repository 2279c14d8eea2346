import type { Issue } from './issues.ts';

export type ContractErrorCode =
  | 'invalid_definition'
  | 'migration_failed'
  | 'unknown_version'
  | 'unknown_operation';

const brand = Symbol.for('brygga.contract-error');

/**
 * Errors of the contract model itself. They are programming or wiring errors, never the caller's: a boundary
 * turns them into `internal_error` (or, for an unknown version the caller asked for, a 400 it checks first).
 * Messages name contracts, versions, operations, changes and paths, never values.
 */
export class ContractError extends Error {
  readonly code: ContractErrorCode;

  constructor(code: ContractErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractError';
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }

  /** Works across duplicate installs of this package, where `instanceof` would not. */
  static is(value: unknown): value is ContractError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** `defineContract` found mistakes; `problems` lists every one of them, each a full sentence. */
export class ContractDefinitionError extends ContractError {
  readonly problems: readonly string[];

  constructor(contract: string, problems: readonly string[]) {
    super('invalid_definition', `Contract "${contract}" is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'ContractDefinitionError';
    this.problems = problems;
  }
}

export interface MigrationFailure {
  readonly contract: string;
  readonly version: string;
  readonly operationId: string;
  readonly direction: 'request' | 'response';
  /** The change whose transform threw, when one did. */
  readonly changeId?: string | undefined;
  /** Where the migrated value failed the target version's schema, when it did. */
  readonly issues?: readonly Issue[] | undefined;
}

/**
 * A version change produced a value the target version rejects, or threw: a bug in the change, not in the
 * caller's input (which was valid at its own version).
 */
export class ContractMigrationError extends ContractError {
  readonly failure: MigrationFailure;

  constructor(failure: MigrationFailure, message: string, options?: { cause?: unknown }) {
    super('migration_failed', message, options);
    this.name = 'ContractMigrationError';
    this.failure = failure;
  }
}

/** A version or operation that the contract does not have was asked for. */
export class ContractLookupError extends ContractError {
  constructor(code: 'unknown_version' | 'unknown_operation', message: string) {
    super(code, message);
    this.name = 'ContractLookupError';
  }
}
