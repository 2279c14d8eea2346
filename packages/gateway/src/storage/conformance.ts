import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { BryggaError } from '@brygga/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureInstance } from './instance.ts';
import { migrate, migrationStatus } from './migrate.ts';
import { type Migration, migrationChecksum } from './migration-plan.ts';
import { gatewayMigrations } from './migrations/index.ts';
import type { Store } from './types.ts';

/**
 * The behaviour every Store backend must share, as vitest blocks. `open` must return a new store (its own
 * connection or pool) on the same, initially empty database each time it is called; the suite names its
 * tables uniquely and drops the migration bookkeeping between migration tests.
 *
 * Not exported from storage/index.ts: it imports vitest, which production code must not load.
 */
export function describeStoreConformance(label: string, open: () => Promise<Store>): void {
  describe(`${label}: Store conformance`, () => {
    let store: Store;
    const others: Store[] = [];
    const suffix = randomBytes(3).toString('hex');
    let tables = 0;
    const table = (purpose: string) => `conf_${purpose}_${suffix}_${++tables}`;
    const dialect = (sqlite: string, postgres: string) => (store.driver === 'sqlite' ? sqlite : postgres);
    const anotherStore = async () => {
      const other = await open();
      others.push(other);
      return other;
    };
    const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
    const codeOf = async (promise: Promise<unknown>): Promise<string> => {
      try {
        await promise;
      } catch (error) {
        if (BryggaError.is(error)) return error.code;
        throw error;
      }
      throw new Error('expected a rejection');
    };

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await Promise.all([store, ...others].map((each) => each.close()));
    });

    describe('values', () => {
      it('round-trips every SqlValue type with the same JS types', async () => {
        const t = table('values');
        await store.executeScript(
          `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, i BIGINT, f ${dialect('REAL', 'DOUBLE PRECISION')},
            s TEXT, b ${dialect('BLOB', 'BYTEA')}, flag ${dialect('INTEGER', 'BOOLEAN')})`,
        );
        const insert = `INSERT INTO ${t} (id, i, f, s, b, flag) VALUES ($1, $2, $3, $4, $5, $6)`;
        await store.execute(insert, [1, 42, 1.5, 'hej', new Uint8Array([0, 1, 127, 128, 255]), true]);
        await store.execute(insert, [2, 2n ** 62n, -0.25, '', new Uint8Array([]), false]);
        await store.execute(insert, [3, -(2n ** 63n), 1e300, 'x', new Uint8Array([9]), 1]);
        await store.execute(insert, [4, Number.MAX_SAFE_INTEGER, 3, 'y', new Uint8Array([7]), 0]);
        await store.execute(insert, [5, 7n, Number.MIN_VALUE, 'z', new Uint8Array([1]), null]);
        await store.execute(insert, [6, null, null, null, null, null]);

        const rows = await store.query(`SELECT id, i, f, s, b, flag FROM ${t} ORDER BY id`);
        expect(rows).toStrictEqual([
          { id: 1, i: 42, f: 1.5, s: 'hej', b: new Uint8Array([0, 1, 127, 128, 255]), flag: 1 },
          { id: 2, i: 2n ** 62n, f: -0.25, s: '', b: new Uint8Array([]), flag: 0 },
          { id: 3, i: -(2n ** 63n), f: 1e300, s: 'x', b: new Uint8Array([9]), flag: 1 },
          { id: 4, i: Number.MAX_SAFE_INTEGER, f: 3, s: 'y', b: new Uint8Array([7]), flag: 0 },
          { id: 5, i: 7, f: Number.MIN_VALUE, s: 'z', b: new Uint8Array([1]), flag: null },
          { id: 6, i: null, f: null, s: null, b: null, flag: null },
        ]);
        for (const row of rows) {
          expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
          if (row.b !== null) expect(Object.getPrototypeOf(row.b)).toBe(Uint8Array.prototype);
        }
      });

      it('finds rows by boolean parameters', async () => {
        const t = table('flags');
        await store.executeScript(
          `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, flag ${dialect('INTEGER', 'BOOLEAN')})`,
        );
        await store.execute(`INSERT INTO ${t} (id, flag) VALUES (1, $1), (2, $2)`, [true, false]);
        expect(await store.query(`SELECT id FROM ${t} WHERE flag = $1`, [true])).toEqual([{ id: 1 }]);
      });

      it('round-trips quotes, backslashes, Swedish letters and other unicode', async () => {
        const t = table('text');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, s TEXT NOT NULL)`);
        const values = [
          "O'Brien's ''dubbla''",
          'Åsa Öberg äter ärtsoppa på torsdag',
          '"citat", \\ backslash och \\x00-lookalike',
          'emoji 😀 och kinesiska 漢字',
          '$1 -- inte en kommentar /* inte heller */ ;',
          'rad ett\nrad två\ttabb',
        ];
        for (const [index, value] of values.entries()) {
          await store.execute(`INSERT INTO ${t} (id, s) VALUES ($1, $2)`, [index, value]);
        }
        const rows = await store.query<{ s: string }>(`SELECT s FROM ${t} ORDER BY id`);
        expect(rows.map((row) => row.s)).toEqual(values);
        for (const value of values) {
          expect(await store.query(`SELECT s FROM ${t} WHERE s = $1`, [value])).toEqual([{ s: value }]);
        }
        expect(await store.query("SELECT 'Ärende: ''åäö''' AS lit")).toEqual([{ lit: "Ärende: 'åäö'" }]);
      });
    });

    describe('placeholders', () => {
      it('supports repeated and out-of-order placeholders', async () => {
        const t = table('ph');
        await store.executeScript(`CREATE TABLE ${t} (a TEXT, b TEXT, c TEXT)`);
        await store.execute(`INSERT INTO ${t} (a, b, c) VALUES ($1, $1, $2)`, ['same', 'other']);
        await store.execute(`INSERT INTO ${t} (a, b, c) VALUES ($2, $1, $2)`, ['first', 'second']);
        expect(
          await store.query(`SELECT a, b, c FROM ${t} WHERE a = $1 OR c = $1 ORDER BY a`, ['second']),
        ).toEqual([{ a: 'second', b: 'first', c: 'second' }]);
        expect(await store.query(`SELECT a, b, c FROM ${t} WHERE a = $1`, ['same'])).toEqual([
          { a: 'same', b: 'same', c: 'other' },
        ]);
      });

      it('ignores $n inside literals, quoted identifiers and comments', async () => {
        const t = table('lit');
        await store.executeScript(`CREATE TABLE ${t} (n INTEGER)`);
        await store.execute(`INSERT INTO ${t} (n) VALUES ($1)`, [5]);
        const rows = await store.query(
          `SELECT '$1 and $2' AS "$3", n FROM ${t} -- $4 in a comment
           WHERE n = $1 /* $5 */`,
          [5],
        );
        expect(rows).toEqual([{ $3: '$1 and $2', n: 5 }]);
      });

      it('refuses a parameter count that does not match the placeholders', async () => {
        expect(await codeOf(store.query('SELECT $1 AS a', []))).toBe('internal_error');
        expect(await codeOf(store.query('SELECT $1 AS a', ['x', 'y']))).toBe('internal_error');
        expect(await codeOf(store.query('SELECT $1 AS a, $3 AS c', ['x', 'y', 'z']))).toBe('internal_error');
      });

      it('refuses two statements in one query call but runs them as a script', async () => {
        const t = table('two');
        expect(await codeOf(store.execute(`CREATE TABLE ${t} (a INTEGER); DROP TABLE ${t}`))).toBe(
          'internal_error',
        );
        await store.executeScript(
          `CREATE TABLE ${t} (a INTEGER); INSERT INTO ${t} (a) VALUES (1); INSERT INTO ${t} (a) VALUES (2);`,
        );
        expect(await store.query(`SELECT a FROM ${t} ORDER BY a;`)).toEqual([{ a: 1 }, { a: 2 }]);
      });
    });

    describe('rowCount', () => {
      it('counts inserted, updated, deleted and returned rows, and 0 for DDL', async () => {
        const t = table('count');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, v TEXT)`);
        expect(await store.execute(`INSERT INTO ${t} (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'b')`)).toEqual({
          rowCount: 3,
        });
        expect(await store.execute(`UPDATE ${t} SET v = $1 WHERE v = $2`, ['c', 'b'])).toEqual({
          rowCount: 2,
        });
        // Right after a DML statement: SQLite would still report its count for the DDL if asked naively.
        expect(await store.execute(`CREATE INDEX ${t}_v ON ${t} (v)`)).toEqual({ rowCount: 0 });
        expect(await store.execute(`DELETE FROM ${t} WHERE id = $1`, [99])).toEqual({ rowCount: 0 });
        expect(
          await store.execute(`INSERT INTO ${t} (id, v) VALUES (1, 'x') ON CONFLICT (id) DO NOTHING`),
        ).toEqual({ rowCount: 0 });
        expect(await store.execute(`SELECT id FROM ${t} WHERE v = $1`, ['c'])).toEqual({ rowCount: 2 });
        expect(await store.execute(`DELETE FROM ${t} WHERE v = $1 RETURNING id`, ['c'])).toEqual({
          rowCount: 2,
        });
        expect(await store.query(`SELECT id FROM ${t}`)).toEqual([{ id: 1 }]);
      });
    });

    describe('transactions', () => {
      it('commits: the rows are visible from another connection', async () => {
        const t = table('commit');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY)`);
        const result = await store.transaction(async (tx) => {
          await tx.execute(`INSERT INTO ${t} (id) VALUES ($1)`, [1]);
          await tx.execute(`INSERT INTO ${t} (id) VALUES ($1)`, [2]);
          return (await tx.query(`SELECT COUNT(*) AS n FROM ${t}`))[0];
        });
        expect(result).toEqual({ n: 2 });
        const other = await anotherStore();
        expect(await other.query(`SELECT id FROM ${t} ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
      });

      it('rolls back everything when the work throws, passing the error on unchanged', async () => {
        const t = table('rollback');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY)`);
        const boom = new Error('work failed');
        await expect(
          store.transaction(async (tx) => {
            await tx.execute(`INSERT INTO ${t} (id) VALUES (1)`);
            await tx.execute(`INSERT INTO ${t} (id) VALUES (2)`);
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.query(`SELECT id FROM ${t}`)).toEqual([]);
      });

      it('aborts the transaction after a failed statement even if the work catches it', async () => {
        const t = table('abort');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY)`);
        await store.execute(`INSERT INTO ${t} (id) VALUES (1)`);
        const attempt = store.transaction(async (tx) => {
          await tx.execute(`INSERT INTO ${t} (id) VALUES (2)`);
          const duplicate = await codeOf(tx.execute(`INSERT INTO ${t} (id) VALUES (1)`));
          const afterwards = await codeOf(tx.query(`SELECT id FROM ${t}`));
          return { duplicate, afterwards };
        });
        expect(await codeOf(attempt)).toBe('conflict');
        expect(await store.query(`SELECT id FROM ${t}`)).toEqual([{ id: 1 }]);
      });

      it('refuses the tx handle once the transaction has ended', async () => {
        let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
        });
        if (!leaked) throw new Error('work did not run');
        expect(await codeOf(leaked.query('SELECT 1 AS one'))).toBe('internal_error');
      });

      it('refuses (instead of deadlocking) store calls from inside its own transaction', async () => {
        const t = table('nested');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY)`);
        const codes = await store.transaction(async (tx) => {
          await tx.execute(`INSERT INTO ${t} (id) VALUES (1)`);
          const nested = await codeOf(store.transaction(async () => 'never'));
          const query = await codeOf(store.query('SELECT 1 AS one'));
          const close = await codeOf(store.close());
          await tx.execute(`INSERT INTO ${t} (id) VALUES (2)`);
          return [nested, query, close];
        });
        expect(codes).toEqual(['internal_error', 'internal_error', 'internal_error']);
        expect(await store.query(`SELECT id FROM ${t} ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
      });

      const counterTest = async (first: Store, second: Store) => {
        const counter = table('counter');
        const seen = table('seen');
        await store.executeScript(
          `CREATE TABLE ${counter} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
           INSERT INTO ${counter} (id, n) VALUES (1, 0);
           CREATE TABLE ${seen} (n INTEGER PRIMARY KEY);`,
        );
        const increment = (db: Store) =>
          db.transaction(async (tx) => {
            await tx.execute(`UPDATE ${counter} SET n = n + 1 WHERE id = 1`);
            // Give the other loop every chance to slip a statement into this transaction.
            await tick();
            const [row] = await tx.query<{ n: number }>(`SELECT n FROM ${counter} WHERE id = 1`);
            await tick();
            // Each transaction must see a value no other transaction saw: the table refuses duplicates.
            await tx.execute(`INSERT INTO ${seen} (n) VALUES ($1)`, [row?.n ?? -1]);
          });
        const loop = async (db: Store) => {
          for (let i = 0; i < 50; i += 1) await increment(db);
        };
        await Promise.all([loop(first), loop(second)]);
        expect(await store.query(`SELECT n FROM ${counter}`)).toEqual([{ n: 100 }]);
        expect(await store.query(`SELECT COUNT(*) AS c, MIN(n) AS lo, MAX(n) AS hi FROM ${seen}`)).toEqual([
          { c: 100, lo: 1, hi: 100 },
        ]);
      };

      it('keeps two concurrent transaction loops on one store apart (50 + 50 = 100)', async () => {
        await counterTest(store, store);
      });

      it('keeps two concurrent transaction loops on two stores apart (50 + 50 = 100)', async () => {
        await counterTest(store, await anotherStore());
      });
    });

    describe('errors', () => {
      it('translates a unique violation into conflict without leaking the value', async () => {
        const t = table('unique');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)`);
        const secret = 'anna.andersson.19900101-1234@example.se';
        await store.execute(`INSERT INTO ${t} (id, email) VALUES (1, $1)`, [secret]);
        const failure = await store.execute(`INSERT INTO ${t} (id, email) VALUES (2, $1)`, [secret]).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(BryggaError.is(failure)).toBe(true);
        if (!BryggaError.is(failure)) return;
        expect(failure.code).toBe('conflict');
        expect(failure.status).toBe(409);
        expect(failure.cause).toBeInstanceOf(Error);
        const everything = `${failure.message} ${inspect(failure, { depth: 10 })} ${JSON.stringify(failure)}`;
        expect(everything).not.toContain('anna.andersson');
        expect(everything).not.toContain('19900101');
        await expect(
          store.transaction((tx) => tx.execute(`INSERT INTO ${t} (id, email) VALUES (1, 'other')`)),
        ).rejects.toMatchObject({ code: 'conflict' });
      });

      it('answers bad SQL with internal_error', async () => {
        expect(await codeOf(store.query('SELEC 1'))).toBe('internal_error');
        expect(await codeOf(store.query(`SELECT x FROM ${table('missing')}`))).toBe('internal_error');
      });
    });

    describe('lifecycle', () => {
      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('lets running and queued work finish on close, then refuses new work', async () => {
        const t = table('close');
        await store.executeScript(`CREATE TABLE ${t} (id INTEGER PRIMARY KEY)`);
        const closing = await open();
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => {
          entered = resolve;
        });
        let proceed!: () => void;
        const gate = new Promise<void>((resolve) => {
          proceed = resolve;
        });
        const running = closing.transaction(async (tx) => {
          await tx.execute(`INSERT INTO ${t} (id) VALUES (1)`);
          entered();
          await gate;
          await tx.execute(`INSERT INTO ${t} (id) VALUES (2)`);
          return 'committed';
        });
        await inside;
        const queued = closing.execute(`INSERT INTO ${t} (id) VALUES (3)`);
        let closed = false;
        const closeDone = closing.close().then(() => {
          closed = true;
        });
        expect(await codeOf(closing.query('SELECT 1 AS one'))).toBe('shutting_down');
        await tick();
        expect(closed).toBe(false);
        proceed();
        await expect(running).resolves.toBe('committed');
        await expect(queued).resolves.toEqual({ rowCount: 1 });
        await closeDone;
        expect(await store.query(`SELECT id FROM ${t} ORDER BY id`)).toEqual([
          { id: 1 },
          { id: 2 },
          { id: 3 },
        ]);

        await expect(closing.close()).resolves.toBeUndefined();
        expect(await codeOf(closing.query('SELECT 1 AS one'))).toBe('shutting_down');
        expect(await codeOf(closing.execute('SELECT 1 AS one'))).toBe('shutting_down');
        expect(await codeOf(closing.transaction(async () => 1))).toBe('shutting_down');
        expect(await codeOf(closing.ping())).toBe('shutting_down');
      });
    });

    describe('migrations', () => {
      beforeEach(async () => {
        await store.executeScript(
          'DROP TABLE IF EXISTS brygga_schema_migrations; DROP TABLE IF EXISTS brygga_instance;',
        );
      });

      const createTable = (version: number, name: string): Migration => ({
        version,
        name: `create_${name}`,
        sql: `CREATE TABLE ${name} (id INTEGER PRIMARY KEY)`,
      });

      it('applies pending migrations in order, records them, and does nothing the second time', async () => {
        const t = table('mig');
        const migrations: Migration[] = [
          { version: 1, name: 'create', sql: `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, v TEXT)` },
          { version: 2, name: 'add_w', sql: `ALTER TABLE ${t} ADD COLUMN w TEXT` },
          {
            version: 5,
            name: 'index_w',
            sql: {
              sqlite: `CREATE INDEX ${t}_w ON ${t} (w);`,
              postgres: `CREATE INDEX ${t}_w ON ${t} USING btree (w);`,
            },
          },
        ];
        expect(await migrationStatus(store, migrations)).toMatchObject({
          current: 0,
          applied: [],
          problems: [],
        });

        const first = await migrate(store, migrations);
        expect(first.applied.map((m) => m.version)).toEqual([1, 2, 5]);
        expect(first.current).toBe(5);
        await store.execute(`INSERT INTO ${t} (id, v, w) VALUES (1, 'v', 'w')`);

        const recorded = await store.query<{
          version: number;
          name: string;
          checksum: string;
          applied_at: string;
        }>('SELECT version, name, checksum, applied_at FROM brygga_schema_migrations ORDER BY version');
        expect(recorded.map((row) => [row.version, row.name])).toEqual([
          [1, 'create'],
          [2, 'add_w'],
          [5, 'index_w'],
        ]);
        const index = migrations[2]?.sql as { sqlite: string; postgres: string };
        expect(recorded[2]?.checksum).toBe(migrationChecksum(index[store.driver]));
        for (const row of recorded) expect(new Date(row.applied_at).toISOString()).toBe(row.applied_at);

        expect(await migrate(store, migrations)).toEqual({ applied: [], current: 5 });
        const more = [...migrations, createTable(6, table('mig6'))];
        expect((await migrate(store, more)).applied.map((m) => m.version)).toEqual([6]);
        expect(await migrationStatus(store, more)).toMatchObject({ current: 6, pending: [], problems: [] });
      });

      it('runs each migration in its own transaction: a failing one leaves no trace', async () => {
        const good = table('good');
        const bad = table('bad');
        const migrations: Migration[] = [
          createTable(1, good),
          {
            version: 2,
            name: 'half_done',
            sql: `CREATE TABLE ${bad} (id INTEGER PRIMARY KEY); INSERT INTO ${table('absent')} (id) VALUES (1);`,
          },
        ];
        expect(await codeOf(migrate(store, migrations))).toBe('internal_error');
        expect(await migrationStatus(store, migrations)).toMatchObject({ current: 1 });
        await expect(store.query(`SELECT id FROM ${good}`)).resolves.toEqual([]);
        expect(await codeOf(store.query(`SELECT id FROM ${bad}`))).toBe('internal_error');
      });

      it('refuses to start when an applied migration was changed', async () => {
        const t = table('tamper');
        const later = table('later');
        const original: Migration[] = [
          createTable(1, t),
          { version: 2, name: 'add', sql: `ALTER TABLE ${t} ADD COLUMN a TEXT` },
        ];
        await migrate(store, original);
        const tampered: Migration[] = [
          createTable(1, t),
          { version: 2, name: 'add', sql: `ALTER TABLE ${t} ADD COLUMN b TEXT` },
          createTable(3, later),
        ];
        const failure = await migrate(store, tampered).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toMatchObject({
          code: 'internal_error',
          extensions: { reason: 'checksum_mismatch', version: 2 },
        });
        expect((failure as Error).message).toContain('migration 2');
        expect(await codeOf(store.query(`SELECT id FROM ${later}`))).toBe('internal_error');
        expect((await migrationStatus(store, tampered)).problems).toMatchObject([
          { reason: 'checksum_mismatch' },
        ]);
      });

      it('refuses to start when the database is newer than this build', async () => {
        const list: Migration[] = [createTable(1, table('old')), createTable(2, table('new'))];
        await migrate(store, list);
        await expect(migrate(store, list.slice(0, 1))).rejects.toMatchObject({
          code: 'internal_error',
          extensions: { reason: 'unknown_version', version: 2 },
        });
        expect((await migrationStatus(store, list.slice(0, 1))).problems).toMatchObject([
          { reason: 'unknown_version', version: 2 },
        ]);
      });

      it('refuses a malformed list before touching the database', async () => {
        const t = table('dup');
        await expect(
          migrate(store, [createTable(1, t), createTable(1, table('dup2'))]),
        ).rejects.toMatchObject({
          code: 'internal_error',
          extensions: { reason: 'invalid_migrations' },
        });
        expect(await codeOf(store.query(`SELECT id FROM ${t}`))).toBe('internal_error');
      });

      it('applies each migration exactly once when two stores migrate at the same time', async () => {
        // CREATE TABLE without IF NOT EXISTS: applying any migration twice would fail.
        const list = [1, 2, 3, 4, 5].map((version) => createTable(version, table(`race${version}`)));
        const other = await anotherStore();
        const [a, b] = await Promise.all([migrate(store, list), migrate(other, list)]);
        expect(a.current).toBe(5);
        expect(b.current).toBe(5);
        const applied = [...a.applied, ...b.applied].map((m) => m.version).sort();
        expect(applied).toEqual([1, 2, 3, 4, 5]);
        expect(await store.query('SELECT COUNT(*) AS n FROM brygga_schema_migrations')).toEqual([{ n: 5 }]);
      });

      it('applies the gateway migrations and keeps one instance id', async () => {
        const result = await migrate(store, gatewayMigrations);
        expect(result.current).toBe(gatewayMigrations.at(-1)?.version);
        const other = await anotherStore();
        const [first, second] = await Promise.all([ensureInstance(store), ensureInstance(other)]);
        expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(new Date(first.createdAt).toISOString()).toBe(first.createdAt);
        expect(second).toEqual(first);
        expect(await ensureInstance(store)).toEqual(first);
        expect(await store.query('SELECT COUNT(*) AS n FROM brygga_instance')).toEqual([{ n: 1 }]);
      });
    });
  });
}
