import { inspect } from 'node:util';
import { BryggaError } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { StorageDriverError, translatePostgresError, translateSqliteError } from './errors.ts';

/** The shape `pg` gives server errors (a DatabaseError): a SQLSTATE, a severity and more fields. */
const pgError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, severity: 'ERROR', ...extra });

describe('translatePostgresError', () => {
  it.each([
    ['23505', 'conflict'],
    ['23503', 'conflict'],
    ['23P01', 'conflict'],
    ['40001', 'service_unavailable'],
    ['40P01', 'service_unavailable'],
    ['57014', 'service_unavailable'],
    ['57P01', 'service_unavailable'],
    ['53300', 'service_unavailable'],
    ['08006', 'service_unavailable'],
    ['28P01', 'service_unavailable'],
    ['3D000', 'service_unavailable'],
    ['08P01', 'internal_error'],
    ['42601', 'internal_error'],
    ['22P02', 'internal_error'],
  ])('maps SQLSTATE %s to %s', (sqlstate, code) => {
    expect(translatePostgresError(pgError(sqlstate, 'x')).code).toBe(code);
  });

  it('treats failures without a SQLSTATE as an unreachable database', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const error = translatePostgresError(refused);
    expect(error.code).toBe('service_unavailable');
    expect(error.headers).toEqual({ 'Retry-After': '1' });
    expect(translatePostgresError(new Error('Connection terminated unexpectedly')).code).toBe(
      'service_unavailable',
    );
  });

  it('keeps the constraint but never the detail, and drops messages that quote values', () => {
    const unique = translatePostgresError(
      pgError('23505', 'duplicate key value violates unique constraint "users_email_key"', {
        detail: 'Key (email)=(anna@example.se) already exists.',
        constraint: 'users_email_key',
        table: 'users',
      }),
    );
    expect(unique.cause).toBeInstanceOf(StorageDriverError);
    expect(unique.cause).toMatchObject({ code: '23505', constraint: 'users_email_key', table: 'users' });
    expect(inspect(unique, { depth: 10 })).not.toContain('anna@example.se');

    const syntax = translatePostgresError(
      pgError('22P02', 'invalid input syntax for type bigint: "199001011234"'),
    );
    expect(inspect(syntax, { depth: 10 })).not.toContain('199001011234');
  });

  it('passes a BryggaError through unchanged', () => {
    const original = new BryggaError('conflict');
    expect(translatePostgresError(original)).toBe(original);
  });
});

describe('translateSqliteError', () => {
  const sqliteError = (errcode: number, message: string) =>
    Object.assign(new Error(message), { code: 'ERR_SQLITE_ERROR', errcode, errstr: 'x' });

  it.each([
    [2067, 'conflict'], // UNIQUE
    [1555, 'conflict'], // PRIMARY KEY
    [787, 'conflict'], // FOREIGN KEY
    [1299, 'internal_error'], // NOT NULL
    [5, 'service_unavailable'], // BUSY
    [517, 'service_unavailable'], // BUSY_SNAPSHOT
    [6, 'service_unavailable'], // LOCKED
    [14, 'service_unavailable'], // CANTOPEN
    [1, 'internal_error'], // syntax and other SQL errors
  ])('maps result code %i to %s', (errcode, code) => {
    expect(translateSqliteError(sqliteError(errcode, 'x')).code).toBe(code);
  });

  it('maps node:sqlite argument errors to internal_error', () => {
    const error = Object.assign(new TypeError('BigInt value is too large to bind.'), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
    expect(translateSqliteError(error)).toMatchObject({
      code: 'internal_error',
      cause: { code: 'ERR_INVALID_ARG_VALUE' },
    });
  });
});
