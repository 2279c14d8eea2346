import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../storage/index.ts';
import type { AuditLog } from './audit-log.ts';
import { toExtractEntries } from './extract.ts';
import { pruneAuditLog } from './prune.ts';
import { retentionRules } from './retention.ts';
import type { StoredRecord } from './sql.ts';
import { openSqlite, openTestLog, people, sampleRecord, tempDir, testKeys } from './test-fixtures.ts';
import { verifyAuditLog } from './verify-log.ts';

/*
 * Extracts and retention together: records about three people over several years, under two HMAC keys
 * (a rotation half-way), then a prune. The extract must return exactly one person's records, live ones in
 * full and pruned ones by date only, whichever key made them, and the log must still verify.
 */

const day = (iso: string) => new Date(`${iso}T12:00:00.000Z`);
const oldKeys = testKeys('audit-2020');
const rotated = testKeys('audit-2024');
const keys = {
  ...rotated,
  subjectKeys: [rotated.subject, oldKeys.subject],
  signing: oldKeys.signing,
  verifying: oldKeys.verifying,
};
const retention = {
  purposes: [
    {
      id: 'handlagga-bygglov',
      purpose: { sv: 'Handlägga bygglov.', en: 'Process building permits.' },
      legalBasis: { article: '6(1)(e)' as const },
      dataCategories: ['namn'],
      dataSubjectCategories: ['sökande'],
      retentionClass: 'kort',
    },
  ],
  retentionClasses: [
    { id: 'kort', duration: 'P2Y', description: 'Gallras efter två år (beslut KS 2026/1).' },
  ],
};

let dir: ReturnType<typeof tempDir>;
let store: Store;
let log: AuditLog;

beforeAll(async () => {
  dir = tempDir();
  store = await openSqlite(join(dir.path, 'audit.db'));
  // Before the rotation: the old key makes the references.
  const before = await openTestLog(
    store,
    { ...oldKeys, subjectKeys: [oldKeys.subject] },
    join(dir.path, 'cp'),
  );
  await before.append({ ...sampleRecord(0, people.anna), time: day('2021-03-01') });
  await before.append({ ...sampleRecord(1, people.bo), time: day('2021-03-02') });
  await before.append({
    ...sampleRecord(2, '198507099805'),
    time: day('2023-05-01'),
    purpose: 'visa-arenden',
  });
  await before.close();
  log = await openTestLog(store, keys, join(dir.path, 'cp'));
  await log.append({ ...sampleRecord(3, '850709-9805'), time: day('2025-01-10') });
  await log.append({ ...sampleRecord(4, people.cecilia), time: day('2025-01-11') });
  await log.append({ ...sampleRecord(5, people.anna), time: day('2026-02-01') });
});

afterAll(async () => {
  await log.close();
  await store.close();
  dir.remove();
});

describe('extractForSubject', () => {
  it('finds the same person under the old key and the new, in every written form, and no one else', async () => {
    const entries = await log.extract('8507099805');
    expect(entries.map((entry) => entry.seq)).toEqual([1, 3, 4, 6]);
    expect(entries.every((entry) => entry.status === 'live')).toBe(true);
    expect(entries[0]).toMatchObject({
      status: 'live',
      date: '2021-03-01',
      actor: 'citizen',
      eService: 'bygglov-ansokan',
      businessSystem: 'arendehantering',
      contract: 'case-management',
      contractVersion: '2026-01-15',
      purpose: 'handlagga-bygglov',
      legalBasis: '6(1)(e)',
      legalReference: 'Plan- och bygglagen (2010:900)',
      outcome: 'success',
      problem: null,
    });
    expect((await log.extract(people.bo)).map((entry) => entry.seq)).toEqual([2]);
    expect((await log.extract(people.cecilia)).map((entry) => entry.seq)).toEqual([5]);
  });

  it('keeps to the dates asked for, both ends included', async () => {
    const entries = await log.extract(people.anna, { from: '2023-05-01', to: '2025-01-10' });
    expect(entries.map((entry) => entry.seq)).toEqual([3, 4]);
  });

  it('refuses a number that is not a personnummer, without repeating it', async () => {
    const error = await log.extract('19850709-9806').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'validation_failed' });
    expect(JSON.stringify(error)).not.toContain('9806');
  });

  it('after a prune lists the pruned records by date only, and the log still verifies', async () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    const results = await pruneAuditLog(log, retentionRules(retention, now), now);
    // Before 2024-06-01, purpose handlagga-bygglov: records 1 and 2 (record 3 has another purpose).
    expect(results).toEqual([
      expect.objectContaining({ retentionClass: 'kort', before: '2024-06-01T00:00:00.000Z', pruned: 2 }),
    ]);
    const pruneRecord = results[0]?.receipt;
    expect(pruneRecord?.seq).toBe(7);
    const entries = await log.extract(people.anna);
    expect(entries[0]).toEqual({ status: 'pruned', seq: 1, date: '2021-03-01' });
    expect(entries.slice(1).map((entry) => [entry.seq, entry.status])).toEqual([
      [3, 'live'],
      [4, 'live'],
      [6, 'live'],
    ]);
    const [row] = await store.query<Record<string, unknown>>(
      'SELECT * FROM brygga_audit_records WHERE seq = 1',
    );
    expect(row).toMatchObject({ payload: null, purpose_id: null, time: '2021-03-01', pruned_under: 'kort' });
    const [record] = await store.query<{ payload: string }>(
      'SELECT payload FROM brygga_audit_records WHERE seq = 7',
    );
    expect(JSON.parse(record?.payload ?? '{}')).toMatchObject({
      actor: { kind: 'system', id: 'brygga-audit-prune' },
      subject: null,
      operation: 'audit.prune',
      purpose: { id: 'brygga-gallring', legalBasis: '6(1)(c)', reference: 'Arkivlagen (1990:782)' },
      details: { retentionClass: 'kort', before: '2024-06-01T00:00:00.000Z', records: 2 },
    });
    await log.checkpoint();
    const report = await verifyAuditLog(store, {
      trusted: keys.verifying,
      checkpointDir: join(dir.path, 'cp'),
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, pruned: 2, records: 7 });
    // Pruning again finds nothing more and records nothing.
    const again = await pruneAuditLog(log, retentionRules(retention, now), now);
    expect(again).toEqual([expect.objectContaining({ pruned: 0, receipt: undefined })]);
  });
});

/** A stored record as `readSubjectRecords` gives it: `payload` null once pruned, `time` then a date only. */
function stored(seq: number, time: string, pruned = false): StoredRecord {
  const payload = {
    time,
    actor: { kind: 'citizen' },
    eService: 'bygglov-ansokan',
    businessSystem: null,
    contract: null,
    contractVersion: null,
    operation: 'getCase',
    purpose: { id: 'handlagga-bygglov', legalBasis: '6(1)(e)', reference: null },
    dataCategories: [],
    outcome: { status: 'success', problem: null },
  };
  return {
    seq,
    time: pruned ? time.slice(0, 10) : time,
    subject_tag: 1,
    subject_ref: 'ref',
    subject_key_id: 'k',
    payload: pruned ? null : JSON.stringify(payload),
    leaf_hash: '',
    chain_hash: '',
    pruned_at: pruned ? '2026-06-01T00:00:00.000Z' : null,
    purpose_id: pruned ? null : 'handlagga-bygglov',
  };
}

const seqs = (entries: readonly { seq: number }[]) => entries.map((entry) => entry.seq);
const stockholm = { timeZone: 'Europe/Stockholm' } as const;

describe('toExtractEntries in Swedish time (the citizen page)', () => {
  // 23:30 UTC on 28 February is 00:30 on 1 March in Sweden (CET, +01:00).
  const lateFebruary = [stored(1, '2026-02-28T23:30:00.000Z')];

  it('takes from/to as Swedish calendar days, and dates a record by its Swedish day', () => {
    expect(seqs(toExtractEntries(lateFebruary, { from: '2026-03-01', ...stockholm }))).toEqual([1]);
    expect(seqs(toExtractEntries(lateFebruary, { to: '2026-02-28', ...stockholm }))).toEqual([]);
    expect(toExtractEntries(lateFebruary, stockholm)[0]).toMatchObject({ date: '2026-03-01' });
  });

  it('leaves the officials in UTC days when no zone is given', () => {
    expect(seqs(toExtractEntries(lateFebruary, { from: '2026-03-01' }))).toEqual([]);
    expect(seqs(toExtractEntries(lateFebruary, { to: '2026-02-28' }))).toEqual([1]);
    expect(toExtractEntries(lateFebruary)[0]).toMatchObject({ date: '2026-02-28' });
  });

  it('moves the day boundaries with summer time: 29 March 2026 is 23 hours long', () => {
    // Midnight starting 29 March is 23:00 UTC the day before (CET); the next midnight is 22:00 UTC (CEST).
    const records = [
      stored(1, '2026-03-28T22:59:59.999Z'),
      stored(2, '2026-03-28T23:00:00.000Z'),
      stored(3, '2026-03-29T21:59:59.999Z'),
      stored(4, '2026-03-29T22:00:00.000Z'),
    ];
    expect(seqs(toExtractEntries(records, { from: '2026-03-29', to: '2026-03-29', ...stockholm }))).toEqual([
      2, 3,
    ]);
    expect(seqs(toExtractEntries(records, { from: '2026-03-30', ...stockholm }))).toEqual([4]);
    expect(seqs(toExtractEntries(records, { to: '2026-03-28', ...stockholm }))).toEqual([1]);
  });

  it('and back: 25 October 2026 is 25 hours long', () => {
    // Midnight starting 25 October is 22:00 UTC the day before (CEST); the next midnight is 23:00 UTC (CET).
    const records = [
      stored(1, '2026-10-24T21:59:59.999Z'),
      stored(2, '2026-10-24T22:00:00.000Z'),
      stored(3, '2026-10-25T22:59:59.999Z'),
      stored(4, '2026-10-25T23:00:00.000Z'),
    ];
    expect(seqs(toExtractEntries(records, { from: '2026-10-25', to: '2026-10-25', ...stockholm }))).toEqual([
      2, 3,
    ]);
    expect(toExtractEntries(records, stockholm).map((entry) => entry.date)).toEqual([
      '2026-10-24',
      '2026-10-25',
      '2026-10-25',
      '2026-10-26',
    ]);
  });

  it('keeps a pruned record by the date it kept, as the page shows it', () => {
    // Pruning kept only the UTC date of 23:30 UTC on 28 February: the Swedish day can no longer be known.
    const pruned = [stored(1, '2026-02-28T23:30:00.000Z', true)];
    expect(toExtractEntries(pruned, stockholm)).toEqual([{ status: 'pruned', seq: 1, date: '2026-02-28' }]);
    expect(seqs(toExtractEntries(pruned, { from: '2026-03-01', ...stockholm }))).toEqual([]);
    expect(seqs(toExtractEntries(pruned, { to: '2026-02-28', ...stockholm }))).toEqual([1]);
  });
});
