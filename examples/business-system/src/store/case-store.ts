import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Attachment, CaseFilter, CaseRecord, NewCase, Page, PageCursor } from '../domain/case.ts';
import type { CaseStatus } from '../domain/status.ts';
import { type DatabaseOptions, openDatabase } from './database.ts';
import { attachmentFromRow, caseFromRows, type Row, text } from './rows.ts';

export interface IdempotencyEntry {
  readonly fingerprint: string;
  readonly caseId: string;
}

/**
 * All SQL lives here. Methods are synchronous (node:sqlite is), so a caller that does a read-then-write
 * inside `transaction` without awaiting in between cannot race another request.
 */
export class CaseStore {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** `':memory:'` for a throwaway store. */
  static open(path: string, options: DatabaseOptions = {}): CaseStore {
    return new CaseStore(openDatabase(path, options));
  }

  transaction<T>(work: () => T): T {
    if (this.#db.isTransaction) return work();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Stores a new case in status `submitted` and returns it. */
  insertCase(input: NewCase, at: string): CaseRecord {
    const id = randomUUID();
    this.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO cases (id, applicant_personal_number, applicant_name, title, description,
             property_designation, status, callback_url, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?)`,
        )
        .run(
          id,
          input.applicant.personalNumber,
          input.applicant.name,
          input.title,
          input.description,
          input.propertyDesignation,
          input.callbackUrl,
          at,
          at,
        );
      const insertAttachment = this.#db.prepare(
        `INSERT INTO attachments (id, case_id, position, file_name, media_type, size_bytes, content)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      input.attachments.forEach((attachment, position) => {
        insertAttachment.run(
          randomUUID(),
          id,
          position,
          attachment.fileName,
          attachment.mediaType,
          attachment.content.byteLength,
          attachment.content,
        );
      });
      this.#appendHistory(id, 'submitted', null, at);
    });
    return this.getCase(id) as CaseRecord;
  }

  getCase(id: string): CaseRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM cases WHERE id = ?').get(id);
    return row === undefined ? undefined : this.#withDetails([row])[0];
  }

  /** Newest first, keyset-paginated. */
  listCases(filter: CaseFilter, limit: number, after?: PageCursor): Page<CaseRecord> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.personalNumber !== undefined) {
      conditions.push('applicant_personal_number = ?');
      params.push(filter.personalNumber);
    }
    if (filter.statuses !== undefined) {
      conditions.push('status IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(filter.statuses));
    }
    if (after !== undefined) {
      conditions.push('(created_at, id) < (?, ?)');
      params.push(after.createdAt, after.id);
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.#db
      .prepare(`SELECT * FROM cases ${where} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...params, limit + 1);
    const items = this.#withDetails(rows.slice(0, limit));
    const last = items.at(-1);
    return {
      items,
      next: rows.length > limit && last !== undefined ? { createdAt: last.createdAt, id: last.id } : null,
    };
  }

  /** Sets the status and records the change; the caller checks that the transition is allowed. */
  updateStatus(id: string, status: CaseStatus, comment: string | null, at: string): void {
    this.transaction(() => {
      this.#db.prepare('UPDATE cases SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
      this.#appendHistory(id, status, comment, at);
    });
  }

  getAttachment(caseId: string, attachmentId: string): Attachment | undefined {
    const row = this.#db
      .prepare('SELECT * FROM attachments WHERE case_id = ? AND id = ?')
      .get(caseId, attachmentId);
    return row === undefined ? undefined : attachmentFromRow(row);
  }

  /** The entry for a key if it was saved at or after `notBeforeMs`; older entries count as expired. */
  findIdempotencyKey(key: string, notBeforeMs: number): IdempotencyEntry | undefined {
    const row = this.#db
      .prepare('SELECT fingerprint, case_id FROM idempotency_keys WHERE key = ? AND created_at_ms >= ?')
      .get(key, notBeforeMs);
    return row === undefined
      ? undefined
      : { fingerprint: text(row, 'fingerprint'), caseId: text(row, 'case_id') };
  }

  saveIdempotencyKey(key: string, entry: IdempotencyEntry, atMs: number): void {
    // REPLACE: an expired entry under the same key may still be waiting for the purge.
    this.#db
      .prepare(
        'INSERT OR REPLACE INTO idempotency_keys (key, fingerprint, case_id, created_at_ms) VALUES (?, ?, ?, ?)',
      )
      .run(key, entry.fingerprint, entry.caseId, atMs);
  }

  /** Deletes entries saved before `beforeMs`; returns how many. */
  purgeIdempotencyKeys(beforeMs: number): number {
    return Number(
      this.#db.prepare('DELETE FROM idempotency_keys WHERE created_at_ms < ?').run(beforeMs).changes,
    );
  }

  /** True if the database answers; for the health check. */
  ping(): boolean {
    try {
      return this.#db.isOpen && this.#db.prepare('SELECT 1 AS ok').get()?.ok === 1;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #appendHistory(id: string, status: CaseStatus, comment: string | null, at: string): void {
    this.#db
      .prepare(
        `INSERT INTO status_history (case_id, seq, status, comment, changed_at)
         VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM status_history WHERE case_id = ?), ?, ?, ?)`,
      )
      .run(id, id, status, comment, at);
  }

  /** Loads attachments and history for many cases in two queries rather than two per case. */
  #withDetails(caseRows: readonly Row[]): CaseRecord[] {
    if (caseRows.length === 0) return [];
    const ids = JSON.stringify(caseRows.map((row) => text(row, 'id')));
    const attachments = groupByCase(
      this.#db
        .prepare(
          `SELECT id, case_id, file_name, media_type, size_bytes FROM attachments
           WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY case_id, position`,
        )
        .all(ids),
    );
    const history = groupByCase(
      this.#db
        .prepare(
          `SELECT case_id, seq, status, comment, changed_at FROM status_history
           WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY case_id, seq`,
        )
        .all(ids),
    );
    return caseRows.map((row) => {
      const id = text(row, 'id');
      return caseFromRows(row, attachments.get(id) ?? [], history.get(id) ?? []);
    });
  }
}

function groupByCase(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id = text(row, 'case_id');
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [row]);
    else group.push(row);
  }
  return groups;
}
