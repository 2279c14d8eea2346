import type { KeyObject } from 'node:crypto';
import type { Queryable } from '../storage/index.ts';
import { type CheckpointPolicy, checkpointDueAfterBatch, type LogHead } from './append-plan.ts';
import { checkpointDocument, checkpointHash, type SignedCheckpoint, signCheckpoint } from './checkpoint.ts';
import { encodeHash } from './merkle.ts';
import { insertCheckpoint, writeHead } from './sql.ts';

/** What closing a write transaction needs: shared by the log on its own connection and its writer thread. */
export interface CommitContext {
  readonly origin: string;
  readonly signing: { readonly keyId: string; readonly privateKey: KeyObject };
  readonly policy: CheckpointPolicy;
  readonly now: () => Date;
}

/**
 * Signs a checkpoint when one is due (or `force`), then writes the head. Returns the new checkpoint, if any,
 * and the head as written (the writer thread keeps it for its next batch).
 */
export async function finishTransaction(
  tx: Queryable,
  head: LogHead,
  force: boolean,
  context: CommitContext,
): Promise<{ checkpoint: SignedCheckpoint | undefined; head: LogHead }> {
  let next = head;
  let checkpoint: SignedCheckpoint | undefined;
  if (
    (force && head.size > head.checkpointSize) ||
    checkpointDueAfterBatch(head, context.policy, context.now())
  ) {
    const time = context.now().toISOString();
    checkpoint = signCheckpoint(
      {
        v: 1,
        origin: context.origin,
        treeSize: head.size,
        root: encodeHash(head.frontier.root()),
        chainHead: encodeHash(head.chainHead),
        previous: head.checkpointHash,
        time,
        keyId: context.signing.keyId,
      },
      context.signing.privateKey,
    );
    const hash = checkpointHash(checkpoint);
    await insertCheckpoint(tx, checkpoint.treeSize, checkpointDocument(checkpoint), hash);
    next = { ...head, checkpointSize: head.size, checkpointHash: hash, checkpointTime: time };
  }
  await writeHead(tx, next);
  return { checkpoint, head: next };
}
