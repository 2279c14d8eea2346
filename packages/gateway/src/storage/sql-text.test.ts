import { describe, expect, it } from 'vitest';
import { compileSql } from './sql-text.ts';

describe('compileSql', () => {
  it('rewrites $n to ?n and counts the parameters', () => {
    expect(compileSql('SELECT * FROM t WHERE a = $1 AND b = $2 OR c = $1')).toEqual({
      sqlite: 'SELECT * FROM t WHERE a = ?1 AND b = ?2 OR c = ?1',
      paramCount: 2,
      changesRows: false,
    });
    expect(compileSql('INSERT INTO t VALUES ($10, $9, $8, $7, $6, $5, $4, $3, $2, $1)').paramCount).toBe(10);
    expect(compileSql('SELECT 1')).toEqual({ sqlite: 'SELECT 1', paramCount: 0, changesRows: false });
  });

  it('leaves $n alone inside literals, identifiers, comments and dollar quotes', () => {
    const sql = [
      "SELECT '$1', 'it''s $2', E'\\'$3', \"col$4\", \"$5\"",
      '-- $6',
      '/* $7 */ $1',
      "FROM f($$ $8; $$, $tag$ '$9 $tag$), a$1",
    ].join('\n');
    const compiled = compileSql(sql);
    expect(compiled.paramCount).toBe(1);
    expect(compiled.sqlite).toBe(sql.replace('/* $7 */ $1', '/* $7 */ ?1'));
  });

  it('accepts a trailing semicolon and comment but refuses a second statement', () => {
    expect(compileSql('SELECT $1; -- done\n').paramCount).toBe(1);
    expect(compileSql("SELECT ';' AS semi;;").paramCount).toBe(0);
    expect(() => compileSql('SELECT 1; SELECT 2')).toThrow(
      expect.objectContaining({ code: 'internal_error' }),
    );
  });

  it('refuses $0 and gaps in the numbering', () => {
    expect(() => compileSql('SELECT $0')).toThrow(expect.objectContaining({ code: 'internal_error' }));
    expect(() => compileSql('SELECT $1, $3')).toThrow(expect.objectContaining({ code: 'internal_error' }));
  });
});

describe('compileSql statement kind', () => {
  it('marks the statements whose change count means something', () => {
    for (const sql of [
      'INSERT INTO t VALUES (1)',
      ' update t SET a = 1',
      '-- c\nDELETE FROM t',
      'WITH x AS (SELECT 1) DELETE FROM t',
    ]) {
      expect(compileSql(sql).changesRows).toBe(true);
    }
    for (const sql of [
      'CREATE TABLE t (a INTEGER)',
      'DROP TABLE t',
      'PRAGMA foreign_keys = ON',
      'SELECT 1',
    ]) {
      expect(compileSql(sql).changesRows).toBe(false);
    }
  });
});
