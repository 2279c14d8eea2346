import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The least a durable write costs on this disk: one row committed on its own, in a SQLite file set up as the
 * gateway's store is (WAL, synchronous=FULL), one commit every `gapMs`, as a moderate load spaces the audit
 * records of separate reads. A gateway that answers only once the read's record is on disk cannot add less than
 * this. Returns each commit's time in milliseconds, in the order measured.
 */
export async function durableCommitTimes(path: string, count = 300, gapMs = 3): Promise<number[]> {
  const db = new DatabaseSync(path);
  try {
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, entry TEXT NOT NULL)',
    );
    const insert = db.prepare('INSERT INTO floor (entry) VALUES (?)');
    // About the size of an audit record's canonical JSON.
    const entry = 'x'.repeat(600);
    const times: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const started = performance.now();
      db.exec('BEGIN IMMEDIATE');
      insert.run(entry);
      db.exec('COMMIT');
      times.push(performance.now() - started);
      await sleep(gapMs);
    }
    return times;
  } finally {
    db.close();
  }
}
