import { afterEach, describe, expect, it } from 'vitest';
import type { NewCase } from '../domain/case.ts';
import { CaseStore } from '../store/case-store.ts';
import { CaseError } from './case-error.ts';
import { CaseService, idempotencyKeyTtlMs, type StatusEvent } from './case-service.ts';

const newCase = (overrides: Partial<NewCase> = {}): NewCase => ({
  applicant: { personalNumber: '191212121212', name: 'Tolvan Tolvansson' },
  title: 'Altan',
  description: 'Altan 15 kvm',
  propertyDesignation: 'Sundsvall Norrmalm 1:23',
  callbackUrl: 'http://127.0.0.1:1/cb',
  attachments: [],
  ...overrides,
});

let store: CaseStore;
afterEach(() => store.close());

function setup() {
  store = CaseStore.open(':memory:');
  const sent: { url: string; event: StatusEvent }[] = [];
  let now = new Date('2026-04-01T08:00:00.000Z');
  const service = new CaseService({
    store,
    notifier: { notify: (url, event) => sent.push({ url, event }) },
    now: () => now,
  });
  return { service, sent, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof CaseError) return error.code;
    throw error;
  }
  return undefined;
}

describe('CaseService.createCase idempotency', () => {
  it('replays the original case for the same key and fingerprint', () => {
    const { service } = setup();
    const first = service.createCase(newCase(), { key: 'k', fingerprint: 'f' });
    const again = service.createCase(newCase(), { key: 'k', fingerprint: 'f' });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ record: first.record, replayed: true });
    expect(service.listCases({}, 10).items).toHaveLength(1);
  });

  it('refuses the same key with a different request and creates nothing', () => {
    const { service } = setup();
    service.createCase(newCase(), { key: 'k', fingerprint: 'f' });
    expect(
      codeOf(() => service.createCase(newCase({ title: 'Garage' }), { key: 'k', fingerprint: 'g' })),
    ).toBe('idempotency_key_reused');
    expect(service.listCases({}, 10).items).toHaveLength(1);
  });

  it('forgets a key after 24 hours', () => {
    const { service, advance } = setup();
    const first = service.createCase(newCase(), { key: 'k', fingerprint: 'f' });
    advance(idempotencyKeyTtlMs - 1);
    expect(service.createCase(newCase(), { key: 'k', fingerprint: 'f' }).replayed).toBe(true);
    advance(2);
    const later = service.createCase(newCase({ title: 'Garage' }), { key: 'k', fingerprint: 'g' });
    expect(later.replayed).toBe(false);
    expect(later.record.id).not.toBe(first.record.id);
  });

  it('creates a new case each time without a key', () => {
    const { service } = setup();
    expect(service.createCase(newCase()).record.id).not.toBe(service.createCase(newCase()).record.id);
  });
});

describe('CaseService.changeStatus', () => {
  it('applies a valid change and notifies the callback with ids and status only', () => {
    const { service, sent, advance } = setup();
    const { record } = service.createCase(newCase());
    advance(60_000);
    const changed = service.changeStatus(record.id, 'under_review', 'Handläggning påbörjad.');
    expect(changed.status).toBe('under_review');
    expect(sent).toEqual([
      {
        url: 'http://127.0.0.1:1/cb',
        event: { caseId: record.id, status: 'under_review', changedAt: '2026-04-01T08:01:00.000Z' },
      },
    ]);
    expect(JSON.stringify(sent)).not.toContain('191212121212');
  });

  it('refuses an invalid change, leaves the case as it was and notifies nobody', () => {
    const { service, sent } = setup();
    const { record } = service.createCase(newCase());
    expect(codeOf(() => service.changeStatus(record.id, 'approved', null))).toBe('invalid_status_transition');
    expect(service.getCase(record.id).status).toBe('submitted');
    expect(service.getCase(record.id).statusHistory).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it('does not notify when the case has no callback URL', () => {
    const { service, sent } = setup();
    const { record } = service.createCase(newCase({ callbackUrl: null }));
    service.changeStatus(record.id, 'under_review', null);
    expect(sent).toEqual([]);
  });

  it('reports unknown cases and attachments', () => {
    const { service } = setup();
    expect(codeOf(() => service.changeStatus('nope', 'under_review', null))).toBe('case_not_found');
    expect(codeOf(() => service.getCase('nope'))).toBe('case_not_found');
    expect(codeOf(() => service.getAttachment('nope', 'nope'))).toBe('attachment_not_found');
  });
});
