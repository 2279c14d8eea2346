import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../storage/index.ts';
import { readCheckpointFiles } from './checkpoint-files.ts';
import { readCheckpoints, readHead, readRecordPage } from './sql.ts';
import { LogVerifier, type VerifyReport } from './verify.ts';

export interface VerifyOptions {
  /** Public checkpoint keys by key id: the current key's and every previous one's. */
  readonly trusted: ReadonlyMap<string, KeyObject>;
  /** The folder of exported checkpoints; undefined: not checked (truncation and rollback go unseen). */
  readonly checkpointDir: string | undefined;
  /** Records read per query. Default 10000. */
  readonly pageSize?: number;
}

/**
 * Verifies the whole log in one pass over the records (keyset paging, constant memory). Safe while gateways
 * keep appending: the files are read first, then the checkpoints, then the head, and only records up to
 * that head are checked. Each comes after the one it is compared with, so nothing newer than the head
 * can be mistaken for tampering.
 */
export async function verifyAuditLog(db: Queryable, options: VerifyOptions): Promise<VerifyReport> {
  const files =
    options.checkpointDir === undefined ? undefined : await readCheckpointFiles(options.checkpointDir);
  const checkpoints = await readCheckpoints(db);
  const head = await readHead(db);
  const [instance] = await db.query<{ id: string }>('SELECT id FROM brygga_instance WHERE singleton = 1');
  const verifier = new LogVerifier({
    trusted: options.trusted,
    origin: instance?.id ?? '',
    checkpoints,
    files,
  });
  const pageSize = options.pageSize ?? 10_000;
  let after = 0;
  for (;;) {
    const page = await readRecordPage(db, after, head.size, pageSize);
    for (const record of page) verifier.push(record);
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) break;
    after = Number(last.seq);
  }
  return verifier.finish(head);
}
