import { storageUsageError } from './errors.ts';

/** What the storage layer needs to know about one portable SQL statement. */
export interface CompiledSql {
  /** The statement with `$n` rewritten to SQLite's numbered `?n` (same meaning, so repeats just work). */
  readonly sqlite: string;
  /** The highest placeholder number; callers must pass exactly this many parameters. */
  readonly paramCount: number;
  /** True for INSERT, UPDATE, DELETE and REPLACE (also behind WITH): the statements that change rows. */
  readonly changesRows: boolean;
}

const dmlKeywords = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'WITH']);

const isIdentChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Scans portable SQL (PostgreSQL-style `$1, $2` placeholders) once: finds the placeholders outside string
 * literals, quoted identifiers, comments and dollar-quoted bodies, and refuses more than one statement per
 * call. The refusal matters: SQLite's prepare silently ignores everything after the first statement.
 *
 * Throws an `internal_error` (a bug in the calling code) for gaps in the numbering or a second statement.
 */
export function compileSql(sql: string): CompiledSql {
  let out = '';
  let copiedUpTo = 0;
  let maxIndex = 0;
  const used = new Set<number>();
  let statementEnded = false;
  let firstWord: string | undefined;
  let i = 0;
  const n = sql.length;

  const skipQuoted = (quote: string, backslashEscapes: boolean) => {
    i += 1;
    while (i < n) {
      const c = sql[i];
      if (backslashEscapes && c === '\\') {
        i += 2;
        continue;
      }
      if (c === quote) {
        if (sql[i + 1] === quote) {
          i += 2;
          continue;
        }
        i += 1;
        return;
      }
      i += 1;
    }
  };

  while (i < n) {
    const c = sql[i] as string;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
      continue;
    }
    if (statementEnded) {
      if (c === ';') {
        i += 1;
        continue;
      }
      throw storageUsageError('one SQL statement per query/execute call; use executeScript for several');
    }
    if (c === ';') {
      statementEnded = true;
      i += 1;
      continue;
    }
    if (firstWord === undefined) firstWord = /^[A-Za-z]*/.exec(sql.slice(i, i + 16))?.[0].toUpperCase() ?? '';
    if (c === "'") {
      // E'...' strings (PostgreSQL) allow backslash escapes such as \' inside.
      const prefix = sql[i - 1];
      const escapes = (prefix === 'E' || prefix === 'e') && !isIdentChar(sql[i - 2]);
      skipQuoted("'", escapes);
      continue;
    }
    if (c === '"') {
      skipQuoted('"', false);
      continue;
    }
    if (c === '$' && !isIdentChar(sql[i - 1])) {
      if (isDigit(sql[i + 1])) {
        let j = i + 1;
        while (isDigit(sql[j])) j += 1;
        const index = Number(sql.slice(i + 1, j));
        if (index < 1) throw storageUsageError('placeholders are numbered from $1');
        used.add(index);
        if (index > maxIndex) maxIndex = index;
        out += `${sql.slice(copiedUpTo, i)}?${index}`;
        copiedUpTo = j;
        i = j;
        continue;
      }
      // A dollar-quoted body ($$ ... $$ or $tag$ ... $tag$) is opaque text.
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
        continue;
      }
    }
    i += 1;
  }

  if (used.size !== maxIndex) {
    // PostgreSQL cannot infer a type for an unused placeholder; refuse it on both backends alike.
    throw storageUsageError(`placeholders must be numbered $1..$${maxIndex} without gaps`);
  }
  out += sql.slice(copiedUpTo);
  // WITH prefixes a SELECT too, but callers only ask when the statement returns no columns.
  return { sqlite: out, paramCount: maxIndex, changesRows: dmlKeywords.has(firstWord ?? '') };
}
