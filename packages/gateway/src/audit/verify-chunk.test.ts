import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../storage/index.ts';
import { leafHash, MerkleFrontier } from './merkle.ts';
import { readCheckpoints, readHead, readRecordRun } from './sql.ts';
import { openSqlite, openTestLog, people, sampleRecord, tempDir, testKeys } from './test-fixtures.ts';
import { LogVerifier } from './verify.ts';
import { checkRun, columnsFit, columnsMatchPayload, parseRun, type RunBytes } from './verify-chunk.ts';
import { RangeReader } from './verify-range.ts';

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
    const [next] = await store.query<{ time: string }>(
      'SELECT time FROM brygga_audit_records WHERE seq = 121',
    );
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
      await store.execute('UPDATE brygga_audit_records SET time = $1 WHERE seq = 121', [next?.time ?? '']);
    }
    // Put back as it was, the run passes again.
    expect(checkRun(parseRun(await run(100, 200)) as NonNullable<ReturnType<typeof parseRun>>)).toBeDefined();
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
  it('reads and checks runs on a connection of its own, and refuses a run with a changed or missing record', async () => {
    const [instance] = await store.query<{ id: string }>('SELECT id FROM brygga_instance');
    const verifier = new LogVerifier({
      trusted: keys.verifying,
      origin: instance?.id ?? '',
      checkpoints: await readCheckpoints(store),
      files: undefined,
    });
    const reader = new RangeReader(join(dir.path, 'audit.db'));
    try {
      for (const [first, last] of [
        [1, 1],
        [2, 128],
        [129, 200],
        [201, 250],
      ] as const) {
        const checked = reader.check(first, last);
        expect(checked, `run ${first} to ${last}`).toMatchObject({
          firstSeq: first,
          count: last - first + 1,
        });
        expect(verifier.pushChecked(checked as NonNullable<typeof checked>)).toBe(true);
      }
      expect(verifier.finish(await readHead(store))).toMatchObject({ ok: true, records: 250 });
      // Past the end: records missing.
      expect(reader.check(240, 251)).toBeUndefined();

      const [row] = await store.query<Record<string, unknown>>(
        'SELECT * FROM brygga_audit_records WHERE seq = 120',
      );
      const original = row as Record<string, string | number | null>;
      try {
        await store.execute('UPDATE brygga_audit_records SET payload = $1 WHERE seq = 120', [
          String(original.payload).replace('"status":"success"', '"status":"failure"'),
        ]);
        expect(reader.check(101, 200)).toBeUndefined();
        expect(reader.check(120, 120)).toBeUndefined();
        // A run that only starts from its chain hash is unaffected.
        expect(reader.check(121, 200)).toBeDefined();
        await store.execute('DELETE FROM brygga_audit_records WHERE seq = 120');
        expect(reader.check(101, 200)).toBeUndefined();
        expect(reader.check(121, 200)).toBeUndefined();
      } finally {
        await store.execute('DELETE FROM brygga_audit_records WHERE seq = 120');
        const columns = Object.keys(original);
        await store.execute(
          `INSERT INTO brygga_audit_records (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
          columns.map((column) => original[column] ?? null),
        );
      }
      expect(reader.check(101, 200)).toBeDefined();
    } finally {
      reader.close();
    }
    expect(() => new RangeReader(join(dir.path, 'missing', 'audit.db'))).toThrow();
  });

  it('takes the columns as matching only where the full comparison does', async () => {
    const [row] = await store.query<{
      seq: number;
      time: string;
      subject_tag: number;
      subject_ref: string;
      subject_key_id: string;
      payload: string;
      purpose_id: string;
    }>('SELECT * FROM brygga_audit_records WHERE seq = 77');
    const real = row as NonNullable<typeof row>;
    const [other] = await store.query<{ subject_ref: string; subject_tag: number }>(
      'SELECT subject_ref, subject_tag FROM brygga_audit_records WHERE subject_ref <> $1 LIMIT 1',
      [real.subject_ref],
    );
    const subject = `{"keyId":"${real.subject_key_id}","ref":"${real.subject_ref}"}`;
    const withoutSubject = real.payload.replace(`"subject":${subject}`, '"subject":null');
    const withoutTrace = real.payload.replace(/"traceId":"[0-9a-f]{32}"/, '"traceId":null');
    const payloads = [
      real.payload,
      withoutSubject,
      withoutTrace,
      withoutSubject.replace(/"traceId":"[0-9a-f]{32}"/, '"traceId":null'),
      real.payload.replace(`"seq":${real.seq}`, `"seq":${real.seq}0`),
      real.payload.replace('"v":1}', '"v":2}'),
      real.payload.replace(',"purpose":{"id":', ',"purpose":{"di":'),
      `${real.payload} `,
    ];
    type Columns = [number, string, number | null, string | null, string | null, string | null];
    const base: Columns = [
      Number(real.seq),
      real.time,
      Number(real.subject_tag),
      real.subject_ref,
      real.subject_key_id,
      real.purpose_id,
    ];
    const columns: Columns[] = [
      base,
      [Number(real.seq) + 1, ...base.slice(1)] as Columns,
      [base[0], '2020-01-01T00:00:00.000Z', ...base.slice(2)] as Columns,
      [base[0], base[1], null, null, base[4], base[5]],
      [base[0], base[1], null, null, null, base[5]],
      [base[0], base[1], Number(other?.subject_tag), other?.subject_ref ?? '', base[4], base[5]],
      [base[0], base[1], base[2], base[3], 'another-key', base[5]],
      [base[0], base[1], base[2], base[3], base[4], 'visa-arenden'],
      [base[0], base[1], base[2], base[3], base[4], null],
      [base[0], `${base[1]}"`, ...base.slice(2)] as Columns,
    ];
    let fits = 0;
    for (const payload of payloads) {
      for (const each of columns) {
        const exact = columnsMatchPayload(payload, ...each);
        const fast = columnsFit(payload, ...each);
        // Never looser; and as good as exact on payloads written as record.ts writes them.
        if (fast) expect(exact, `${payload} ${each.join(' ')}`).toBe(true);
        if (exact && payload !== payloads[5] && payload !== payloads[7]) expect(fast).toBe(true);
        if (fast) fits += 1;
      }
    }
    // The real columns with the real payload (with or without a trace id), and no subject (with or without a
    // key id) with either payload without one.
    expect(fits).toBe(6);
  });
});
