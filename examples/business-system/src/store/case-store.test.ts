import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewCase } from '../domain/case.ts';
import { CaseStore } from './case-store.ts';
import { openDatabase } from './database.ts';

const newCase = (personalNumber = '191212121212', title = 'Altan'): NewCase => ({
  applicant: { personalNumber, name: 'Tolvan Tolvansson' },
  title,
  description: 'Altan 15 kvm',
  propertyDesignation: 'Sundsvall Norrmalm 1:23',
  callbackUrl: null,
  attachments: [],
});

const stores: CaseStore[] = [];
const dirs: string[] = [];
function memoryStore(): CaseStore {
  const store = CaseStore.open(':memory:');
  stores.push(store);
  return store;
}
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('CaseStore', () => {
  it('stores a case with attachments and its first status, and reads it back', () => {
    const store = memoryStore();
    const created = store.insertCase(
      {
        ...newCase(),
        callbackUrl: 'http://127.0.0.1:1/cb',
        attachments: [
          {
            fileName: 'ritning.pdf',
            mediaType: 'application/pdf',
            content: new Uint8Array([37, 80, 68, 70]),
          },
          { fileName: 'foto.png', mediaType: 'image/png', content: new Uint8Array([1]) },
        ],
      },
      '2026-03-01T10:00:00.000Z',
    );
    expect(store.getCase(created.id)).toEqual(created);
    expect(created).toMatchObject({
      status: 'submitted',
      callbackUrl: 'http://127.0.0.1:1/cb',
      createdAt: '2026-03-01T10:00:00.000Z',
      statusHistory: [{ status: 'submitted', comment: null, changedAt: '2026-03-01T10:00:00.000Z' }],
    });
    expect(created.attachments.map((a) => [a.fileName, a.sizeBytes])).toEqual([
      ['ritning.pdf', 4],
      ['foto.png', 1],
    ]);
    const attachment = store.getAttachment(created.id, created.attachments[0]?.id ?? '');
    expect(Buffer.from(attachment?.content ?? []).toString('latin1')).toBe('%PDF');
    expect(store.getAttachment('other-case', created.attachments[0]?.id ?? '')).toBeUndefined();
  });

  it('records status changes in order', () => {
    const store = memoryStore();
    const { id } = store.insertCase(newCase(), '2026-03-01T10:00:00.000Z');
    store.updateStatus(id, 'under_review', null, '2026-03-02T10:00:00.000Z');
    store.updateStatus(id, 'supplement_requested', 'Fasadritning saknas.', '2026-03-03T10:00:00.000Z');
    const record = store.getCase(id);
    expect(record?.status).toBe('supplement_requested');
    expect(record?.updatedAt).toBe('2026-03-03T10:00:00.000Z');
    expect(record?.statusHistory.map((change) => [change.status, change.comment])).toEqual([
      ['submitted', null],
      ['under_review', null],
      ['supplement_requested', 'Fasadritning saknas.'],
    ]);
  });

  it('lists newest first, filters by applicant and status, and pages without gaps or repeats', () => {
    const store = memoryStore();
    const ids: string[] = [];
    for (let day = 1; day <= 5; day++) {
      const owner = day % 2 === 0 ? '198507091232' : '191212121212';
      ids.push(store.insertCase(newCase(owner, `Ärende ${day}`), `2026-03-0${day}T10:00:00.000Z`).id);
    }
    // Two cases in the same millisecond must still page deterministically.
    ids.push(store.insertCase(newCase('191212121212', 'Ärende 6'), '2026-03-05T10:00:00.000Z').id);
    store.updateStatus(ids[0] as string, 'under_review', null, '2026-03-06T10:00:00.000Z');

    const seen: string[] = [];
    let page = store.listCases({}, 2);
    seen.push(...page.items.map((c) => c.id));
    while (page.next !== null) {
      page = store.listCases({}, 2, page.next);
      seen.push(...page.items.map((c) => c.id));
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen.slice(2)).toEqual([ids[3], ids[2], ids[1], ids[0]]);

    const tolvans = store.listCases({ personalNumber: '191212121212' }, 10).items;
    expect(tolvans.map((c) => c.title).sort()).toEqual(['Ärende 1', 'Ärende 3', 'Ärende 5', 'Ärende 6']);
    expect(store.listCases({ statuses: ['under_review'] }, 10).items.map((c) => c.id)).toEqual([ids[0]]);
    expect(store.listCases({ statuses: [] }, 10).items).toEqual([]);
  });

  it('keeps idempotency keys until they expire and purges old ones', () => {
    const store = memoryStore();
    const { id } = store.insertCase(newCase(), '2026-03-01T10:00:00.000Z');
    store.saveIdempotencyKey('k1', { fingerprint: 'f1', caseId: id }, 1_000);
    expect(store.findIdempotencyKey('k1', 1_000)).toEqual({ fingerprint: 'f1', caseId: id });
    expect(store.findIdempotencyKey('k1', 1_001)).toBeUndefined();
    expect(store.purgeIdempotencyKeys(1_000)).toBe(0);
    expect(store.purgeIdempotencyKeys(1_001)).toBe(1);
    expect(store.findIdempotencyKey('k1', 0)).toBeUndefined();
  });

  it('rolls a failed transaction back completely', () => {
    const store = memoryStore();
    expect(() =>
      store.transaction(() => {
        store.insertCase(newCase(), '2026-03-01T10:00:00.000Z');
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(store.listCases({}, 10).items).toEqual([]);
  });

  it('uses WAL with synchronous=FULL on a file, and keeps data across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'business-system-'));
    dirs.push(dir);
    const path = join(dir, 'cases.db');
    const first = CaseStore.open(path);
    const { id } = first.insertCase(newCase(), '2026-03-01T10:00:00.000Z');
    first.close();

    const second = CaseStore.open(path);
    stores.push(second);
    expect(second.getCase(id)?.title).toBe('Altan');

    // synchronous is per connection, so look at one opened the way the store opens its own.
    const db = openDatabase(path);
    try {
      expect(db.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
      expect(db.prepare('PRAGMA synchronous').get()?.synchronous).toBe(2); // 2 = FULL
      expect(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
      expect(db.prepare('PRAGMA user_version').get()?.user_version).toBe(1);
    } finally {
      db.close();
    }
  });

  it('refuses a database made by a newer build rather than guessing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'business-system-'));
    dirs.push(dir);
    const path = join(dir, 'cases.db');
    const raw = new DatabaseSync(path);
    raw.exec('PRAGMA user_version = 99');
    raw.close();
    expect(() => CaseStore.open(path)).toThrow(/newer than this build/);
  });

  it('answers the health ping until closed', () => {
    const store = CaseStore.open(':memory:');
    expect(store.ping()).toBe(true);
    store.close();
    expect(store.ping()).toBe(false);
  });
});
