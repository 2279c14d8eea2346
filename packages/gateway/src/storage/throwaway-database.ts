import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A PostgreSQL database made for one test file or benchmark run. */
export interface ThrowawayDatabase {
  readonly name: string;
  /** Its connection URL: the admin URL with the database name swapped. */
  readonly url: string;
  /** Drops it, closing any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates a uniquely named database beside the one `adminUrl` names, so runs never see each other's data. For
 * tests and benchmarks only; kept out of the storage index so the gateway never loads `pg` unless configured.
 */
export async function createThrowawayDatabase(
  adminUrl: string,
  prefix = 'brygga_t',
): Promise<ThrowawayDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix))
    throw new TypeError('prefix must be a plain lower-case SQL identifier');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
