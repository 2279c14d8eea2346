import { DatabaseSync } from 'node:sqlite';

/**
 * Schema changes in order; `PRAGMA user_version` records how many have run. Append, never edit: a
 * database file created by an older build must upgrade by running only the new entries.
 */
const migrations: readonly string[] = [
  `CREATE TABLE cases (
     id TEXT PRIMARY KEY,
     applicant_personal_number TEXT NOT NULL,
     applicant_name TEXT NOT NULL,
     title TEXT NOT NULL,
     description TEXT NOT NULL,
     property_designation TEXT NOT NULL,
     status TEXT NOT NULL
       CHECK (status IN ('submitted', 'under_review', 'supplement_requested', 'approved', 'rejected')),
     callback_url TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   ) STRICT;
   CREATE INDEX cases_by_created ON cases (created_at DESC, id DESC);
   CREATE INDEX cases_by_applicant ON cases (applicant_personal_number, created_at DESC, id DESC);
   CREATE TABLE attachments (
     id TEXT PRIMARY KEY,
     case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
     position INTEGER NOT NULL,
     file_name TEXT NOT NULL,
     media_type TEXT NOT NULL,
     size_bytes INTEGER NOT NULL,
     content BLOB NOT NULL,
     UNIQUE (case_id, position)
   ) STRICT;
   CREATE TABLE status_history (
     case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     status TEXT NOT NULL,
     comment TEXT,
     changed_at TEXT NOT NULL,
     PRIMARY KEY (case_id, seq)
   ) STRICT;
   CREATE TABLE idempotency_keys (
     key TEXT PRIMARY KEY,
     fingerprint TEXT NOT NULL,
     case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
     created_at_ms INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_ms);`,
];

export interface DatabaseOptions {
  /**
   * How long a statement waits for another connection's write lock before failing with SQLITE_BUSY, in ms.
   * node:sqlite waits blocking the whole process, so short: default 1000. The API answers SQLITE_BUSY with 503
   * and Retry-After: 1, which the gateway retries.
   */
  readonly busyTimeoutMs?: number | undefined;
}

/** Opens (or creates) the database with durable settings and brings its schema up to date. */
export function openDatabase(path: string, options: DatabaseOptions = {}): DatabaseSync {
  const db = new DatabaseSync(path, {
    enableForeignKeyConstraints: true,
    timeout: options.busyTimeoutMs ?? 1000,
  });
  try {
    // WAL lets the officer's page read while the API writes; FULL makes each commit survive power loss.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get();
  const current = Number(row?.user_version ?? 0);
  if (current > migrations.length) {
    throw new Error(
      `Database schema version ${current} is newer than this build knows (${migrations.length})`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migrations[version] as string);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}

/**
 * Whether node:sqlite failed because another connection held the lock past the busy timeout (SQLITE_BUSY, or
 * an extended code of it such as SQLITE_BUSY_SNAPSHOT: the low byte is the primary code).
 */
export function isSqliteBusy(error: unknown): boolean {
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  return typeof errcode === 'number' && (errcode & 0xff) === 5;
}
