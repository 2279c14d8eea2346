import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../storage/index.ts';
import { leafHash, MerkleFrontier } from './merkle.ts';
import { readCheckpoints, readHead, readRecordRun } from './sql.ts';
import { openSqlite, openTestLog, people, sampleRecord, tempDir, testKeys } from './test-fixtures.ts';
import { LogVerifier } from './verify.ts';
import { checkRun, parseRun, type RunBytes } from './verify-chunk.ts';

describe('MerkleFrontier.pushSubtree', () => {
  it('grows the same tree as pushing the subtree’s leaves one by one', () => {
    const leaves = Array.from({ length: 300 }, (_, index) => leafHash(`leaf ${index}`));
    for (const split of [
      [0, 300],
      [0, 1, 2, 3, 300],
      [0, 7, 8, 16, 100, 128, 255, 256, 299, 300],
      [0, 64, 300],
    ]) {
      const one = new MerkleFrontier();
      const joined = new MerkleFrontier();
      for (let part = 1; part < split.length; part += 1) {
        // Tile each part as a worker does: the widest aligned perfect subtrees, left to right.
        let position = split[part - 1] as number;
        const end = split[part] as number;
        while (position < end) {
          let width = 1;
          while (position % (width * 2) === 0 && position + width * 2 <= end) width *= 2;
          const tile = new MerkleFrontier();
          for (const leaf of leaves.slice(position, position + width)) tile.push(leaf);
          joined.pushSubtree(tile.root(), Math.log2(width));
          position += width;
        }
      }
      for (const leaf of leaves) one.push(leaf);
      expect(joined.size).toBe(300);
      expect(joined.root().equals(one.root())).toBe(true);
      expect(joined.hashes.map((hash) => hash.toString('hex'))).toEqual(
        one.hashes.map((hash) => hash.toString('hex')),
      );
    }
    expect(() =>
      new MerkleFrontier(3, [leaves[0], leaves[1]] as Buffer[]).pushSubtree(leaves[2] as Buffer, 1),
    ).toThrow(RangeError);
  });
});

describe('runs of records checked apart from the reader', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  const keys = testKeys();

  beforeAll(async () => {
    dir = tempDir('brygga-verify-run-');
    store = await openSqlite(join(dir.path, 'audit.db'));
    const log = await openTestLog(store, keys, join(dir.path, 'checkpoints'), {
      checkpoints: { every: 100, seconds: 3600 },
      maxBatch: 64,
    });
    await Promise.all(
      Array.from({ length: 250 }, (_, index) =>
        log.append(sampleRecord(index, index % 2 === 0 ? people.anna : people.bo)),
      ),
    );
    await log.close();
  });

  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  async function run(after: number, end: number): Promise<RunBytes> {
    const from = Math.max(0, after - 1);
    const { count, bytes } = await readRecordRun(store, 'sqlite', from, end);
    if (bytes === null) throw new Error('no records');
    return { firstSeq: after + 1, withPrevious: after > 0, count, bytes };
  }

  it('verifies a whole log from runs alone, as the record-by-record pass does', async () => {
    const [instance] = await store.query<{ id: string }>('SELECT id FROM brygga_instance');
    const verifier = new LogVerifier({
      trusted: keys.verifying,
      origin: instance?.id ?? '',
      checkpoints: await readCheckpoints(store),
      files: undefined,
    });
    // Checkpoints after the batch that reaches 100 new records (batches of 64: at 128), and the final one.
    expect(verifier.anchorSizes).toEqual([128, 250]);
    for (const [after, end] of [
      [0, 37],
      [37, 128],
      [128, 200],
      [200, 250],
    ] as const) {
      const columns = parseRun(await run(after, end));
      expect(columns?.payloads).toHaveLength(end - after);
      const checked = columns && checkRun(columns);
      expect(checked, `run ${after + 1} to ${end}`).toBeDefined();
      expect(verifier.pushChecked(checked as NonNullable<typeof checked>)).toBe(true);
    }
    const report = verifier.finish(await readHead(store));
    expect(report).toMatchObject({ ok: true, records: 250, checkpoints: 2 });
  });

  it('refuses a run whose start does not follow, or that a signed size falls inside', async () => {
    const [instance] = await store.query<{ id: string }>('SELECT id FROM brygga_instance');
    const verifier = new LogVerifier({
      trusted: keys.verifying,
      origin: instance?.id ?? '',
      checkpoints: await readCheckpoints(store),
      files: undefined,
    });
    const later = checkRun(parseRun(await run(100, 150)) as NonNullable<ReturnType<typeof parseRun>>);
    expect(later && verifier.pushChecked(later)).toBe(false);
    const across = checkRun(parseRun(await run(0, 150)) as NonNullable<ReturnType<typeof parseRun>>);
    expect(across && verifier.pushChecked(across)).toBe(false);
  });

  it('sends a run with any changed record back to the record-by-record pass', async () => {
    const payload = 'SELECT payload FROM brygga_audit_records WHERE seq = 120';
    const [row] = await store.query<{ payload: string }>(payload);
    const original = row?.payload as string;
    try {
      await store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 120', [
        original.replace('"outcome":{"problem":null', '"outcome":{"problem":"x"'),
      ]);
      expect(
        checkRun(parseRun(await run(100, 200)) as NonNullable<ReturnType<typeof parseRun>>),
      ).toBeUndefined();
      await store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 120', [original]);
      await store.execute(
        "UPDATE brygga_audit_records SET time = '2020-01-01T00:00:00.000Z' WHERE seq = 121",
      );
      expect(
        checkRun(parseRun(await run(100, 200)) as NonNullable<ReturnType<typeof parseRun>>),
      ).toBeUndefined();
    } finally {
      await store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 120', [original]);
    }
  });

  it('parses only exactly what readRecordRun writes', async () => {
    const whole = await run(0, 10);
    expect(parseRun(whole)).toBeDefined();
    // Cut short, one byte too many, a count that is off, numbers out of order: all refused.
    expect(parseRun({ ...whole, bytes: whole.bytes.subarray(0, whole.bytes.length - 1) })).toBeUndefined();
    expect(parseRun({ ...whole, bytes: Buffer.concat([whole.bytes, Buffer.from('-')]) })).toBeUndefined();
    expect(parseRun({ ...whole, count: 9 })).toBeUndefined();
    expect(parseRun({ ...whole, firstSeq: 2 })).toBeUndefined();
    // Columns holding the separators and a character outside the BMP still parse, by their length in bytes.
    const read = async (seq: number) =>
      (
        await store.query<{ payload: string; subject_key_id: string }>(
          'SELECT payload, subject_key_id FROM brygga_audit_records WHERE seq = $1',
          [seq],
        )
      )[0];
    const four = await read(4);
    const five = await read(5);
    const odd = '{"a":"😀 1:x-"}';
    try {
      await store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 4', [odd]);
      await store.execute("UPDATE brygga_audit_records SET subject_key_id = '3:x-' WHERE seq = 5");
      const parsed = parseRun(await run(0, 10));
      expect(parsed?.payloads[3]?.subarray(1).toString()).toBe(odd);
      expect(parsed?.subjectKeyIds[4]).toBe('3:x-');
      expect(parsed?.payloads[4]?.subarray(1).toString()).toBe(five?.payload);
      expect(checkRun(parsed as NonNullable<typeof parsed>)).toBeUndefined();
    } finally {
      await store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 4', [
        four?.payload ?? null,
      ]);
      await store.execute('UPDATE brygga_audit_records SET subject_key_id = $1 WHERE seq = 5', [
        five?.subject_key_id ?? null,
      ]);
    }
  });
});
