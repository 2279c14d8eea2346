/**
 * The case status model. The store keeps the newest (v2) statuses; API v1 sees a coarser view of them,
 * because the system's owner split v1's statuses when v2 arrived.
 */
export const caseStatuses = [
  'submitted',
  'under_review',
  'supplement_requested',
  'approved',
  'rejected',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const v1Statuses = ['received', 'in_progress', 'decided'] as const;
export type V1Status = (typeof v1Statuses)[number];

/** What a case officer may do next from each status. A decision is final: appeals are a new case. */
const transitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  submitted: ['under_review', 'rejected'],
  under_review: ['supplement_requested', 'approved', 'rejected'],
  supplement_requested: ['under_review', 'rejected'],
  approved: [],
  rejected: [],
};

export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return transitions[from];
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return transitions[from].includes(to);
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (caseStatuses as readonly string[]).includes(value);
}

const toV1: Readonly<Record<CaseStatus, V1Status>> = {
  submitted: 'received',
  under_review: 'in_progress',
  supplement_requested: 'in_progress',
  approved: 'decided',
  rejected: 'decided',
};

export function statusToV1(status: CaseStatus): V1Status {
  return toV1[status];
}

/** The stored statuses a v1 status stands for, so a v1 search by status can be answered from the store. */
export function v1StatusToStored(status: V1Status): CaseStatus[] {
  return caseStatuses.filter((stored) => toV1[stored] === status);
}

/** Plain Swedish, as the case officer's page shows them. */
export const statusLabels: Readonly<Record<CaseStatus, string>> = {
  submitted: 'Inkommen',
  under_review: 'Under handläggning',
  supplement_requested: 'Komplettering begärd',
  approved: 'Beviljad',
  rejected: 'Avslagen',
};
