import type { Attachment, CaseFilter, CaseRecord, NewCase, Page, PageCursor } from '../domain/case.ts';
import { type CaseStatus, canTransition } from '../domain/status.ts';
import type { CaseStore } from '../store/case-store.ts';
import { CaseError } from './case-error.ts';

/** What the system announces to a case's callback URL when its status changes. No personal data. */
export interface StatusEvent {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly changedAt: string;
}

export interface StatusNotifier {
  /** Must return at once and never throw: delivery is the notifier's business, not the caller's. */
  notify(url: string, event: StatusEvent): void;
}

export interface IdempotencyClaim {
  readonly key: string;
  /** Identifies the request the key was first used for; a different request under the same key is refused. */
  readonly fingerprint: string;
}

export const idempotencyKeyTtlMs = 24 * 60 * 60 * 1000;

export interface CaseServiceOptions {
  readonly store: CaseStore;
  readonly notifier: StatusNotifier;
  readonly now?: () => Date;
}

/** The system's rules (idempotent creation, allowed status changes, notifications), with no HTTP in sight. */
export class CaseService {
  readonly #store: CaseStore;
  readonly #notifier: StatusNotifier;
  readonly #now: () => Date;

  constructor(options: CaseServiceOptions) {
    this.#store = options.store;
    this.#notifier = options.notifier;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Creates a case, or with a key already used for the same request returns that request's case
   * (`replayed`). The lookup and the insert share one synchronous transaction, so two concurrent
   * requests with the same key cannot both create a case.
   */
  createCase(input: NewCase, claim?: IdempotencyClaim): { record: CaseRecord; replayed: boolean } {
    const now = this.#now();
    return this.#store.transaction(() => {
      if (claim !== undefined) {
        const existing = this.#store.findIdempotencyKey(claim.key, now.getTime() - idempotencyKeyTtlMs);
        if (existing !== undefined) {
          if (existing.fingerprint !== claim.fingerprint) throw new CaseError('idempotency_key_reused');
          const record = this.#store.getCase(existing.caseId);
          if (record !== undefined) return { record, replayed: true };
        }
      }
      const record = this.#store.insertCase(input, now.toISOString());
      if (claim !== undefined) {
        this.#store.purgeIdempotencyKeys(now.getTime() - idempotencyKeyTtlMs);
        this.#store.saveIdempotencyKey(
          claim.key,
          { fingerprint: claim.fingerprint, caseId: record.id },
          now.getTime(),
        );
      }
      return { record, replayed: false };
    });
  }

  getCase(id: string): CaseRecord {
    const record = this.#store.getCase(id);
    if (record === undefined) throw new CaseError('case_not_found');
    return record;
  }

  listCases(filter: CaseFilter, limit: number, after?: PageCursor): Page<CaseRecord> {
    return this.#store.listCases(filter, limit, after);
  }

  getAttachment(caseId: string, attachmentId: string): Attachment {
    const attachment = this.#store.getAttachment(caseId, attachmentId);
    if (attachment === undefined) throw new CaseError('attachment_not_found');
    return attachment;
  }

  /** A case officer's decision. Notifies the case's callback URL after the change is committed. */
  changeStatus(id: string, status: CaseStatus, comment: string | null): CaseRecord {
    const changedAt = this.#now().toISOString();
    const record = this.#store.transaction(() => {
      const current = this.getCase(id);
      if (!canTransition(current.status, status)) throw new CaseError('invalid_status_transition');
      this.#store.updateStatus(id, status, comment, changedAt);
      return this.getCase(id);
    });
    if (record.callbackUrl !== null) {
      this.#notifier.notify(record.callbackUrl, { caseId: record.id, status: record.status, changedAt });
    }
    return record;
  }

  isHealthy(): boolean {
    return this.#store.ping();
  }
}
