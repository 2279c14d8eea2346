import { describe, expect, it } from 'vitest';
import {
  type AppliedMigration,
  type Migration,
  migrationChecksum,
  migrationRefusal,
  planMigrations,
  validateMigrations,
} from './migration-plan.ts';
import { gatewayMigrations } from './migrations/index.ts';

const m = (version: number, sql = `CREATE TABLE t${version} (id INTEGER)`): Migration => ({
  version,
  name: `m${version}`,
  sql,
});
const applied = (migration: Migration, sql = migration.sql as string): AppliedMigration => ({
  version: migration.version,
  name: migration.name,
  checksum: migrationChecksum(sql),
  appliedAt: '2026-11-01T00:00:00.000Z',
});

describe('migrationChecksum', () => {
  it('is the SHA-256 of the script and ignores CRLF versus LF', () => {
    expect(migrationChecksum('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(migrationChecksum('A;\r\nB;\r\n')).toBe(migrationChecksum('A;\nB;\n'));
    expect(migrationChecksum('A;')).not.toBe(migrationChecksum('A; '));
  });
});

describe('validateMigrations', () => {
  it('accepts the gateway list', () => {
    expect(() => validateMigrations(gatewayMigrations)).not.toThrow();
  });

  it.each([
    ['a duplicate', [m(1), m(1)]],
    ['a decreasing version', [m(2), m(1)]],
    ['version 0', [m(0)]],
    ['a fractional version', [m(1.5)]],
    ['a missing name', [{ ...m(1), name: ' ' }]],
  ])('refuses %s', (_what, list) => {
    expect(() => validateMigrations(list)).toThrow(
      expect.objectContaining({ code: 'internal_error', extensions: { reason: 'invalid_migrations' } }),
    );
  });
});

describe('planMigrations', () => {
  const list = [m(1), m(2), m(3)];

  it('lists what is pending on an empty and a partly migrated database', () => {
    expect(planMigrations([], list, 'sqlite')).toEqual({ current: 0, pending: list, problems: [] });
    expect(planMigrations([applied(m(1))], list, 'sqlite')).toEqual({
      current: 1,
      pending: [m(2), m(3)],
      problems: [],
    });
  });

  it('compares the checksum of the script for the running backend', () => {
    const split: Migration = { version: 1, name: 'split', sql: { sqlite: 'S;', postgres: 'P;' } };
    expect(planMigrations([applied(split, 'P;')], [split], 'postgres').problems).toEqual([]);
    expect(planMigrations([applied(split, 'P;')], [split], 'sqlite').problems).toMatchObject([
      { reason: 'checksum_mismatch', version: 1 },
    ]);
  });

  it('reports edited, unknown and out-of-order migrations', () => {
    const plan = planMigrations(
      [applied(m(1), 'CREATE TABLE edited (id INTEGER)'), applied(m(3)), applied(m(9))],
      list,
      'sqlite',
    );
    expect(plan.current).toBe(9);
    expect(plan.problems.map((problem) => [problem.reason, problem.version])).toEqual([
      ['checksum_mismatch', 1],
      ['unknown_version', 9],
      ['out_of_order', 2],
    ]);
    const refusal = migrationRefusal(plan.problems);
    expect(refusal).toMatchObject({
      code: 'internal_error',
      extensions: { reason: 'checksum_mismatch', version: 1 },
    });
    expect(refusal.message).toContain('Refusing to start');
  });
});
