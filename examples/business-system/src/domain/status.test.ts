import { describe, expect, it } from 'vitest';
import {
  type CaseStatus,
  canTransition,
  caseStatuses,
  nextStatuses,
  statusLabels,
  statusToV1,
  v1Statuses,
  v1StatusToStored,
} from './status.ts';

describe('status transitions', () => {
  it('follows the building-permit flow', () => {
    expect(canTransition('submitted', 'under_review')).toBe(true);
    expect(canTransition('under_review', 'supplement_requested')).toBe(true);
    expect(canTransition('supplement_requested', 'under_review')).toBe(true);
    expect(canTransition('under_review', 'approved')).toBe(true);
    expect(canTransition('under_review', 'rejected')).toBe(true);
  });

  it('refuses skipping review, staying put, and anything after a decision', () => {
    expect(canTransition('submitted', 'approved')).toBe(false);
    expect(canTransition('under_review', 'under_review')).toBe(false);
    expect(canTransition('supplement_requested', 'approved')).toBe(false);
    for (const to of caseStatuses) {
      expect(canTransition('approved', to)).toBe(false);
      expect(canTransition('rejected', to)).toBe(false);
    }
  });

  it('offers only statuses it would accept', () => {
    for (const from of caseStatuses) {
      for (const to of caseStatuses) {
        expect(nextStatuses(from).includes(to)).toBe(canTransition(from, to));
      }
    }
  });
});

describe('v1 status view', () => {
  it('maps the five stored statuses onto v1 three', () => {
    const expected: Record<CaseStatus, string> = {
      submitted: 'received',
      under_review: 'in_progress',
      supplement_requested: 'in_progress',
      approved: 'decided',
      rejected: 'decided',
    };
    for (const status of caseStatuses) expect(statusToV1(status)).toBe(expected[status]);
  });

  it('finds every stored status a v1 status stands for, and no other', () => {
    expect(v1StatusToStored('received')).toEqual(['submitted']);
    expect(v1StatusToStored('in_progress')).toEqual(['under_review', 'supplement_requested']);
    expect(v1StatusToStored('decided')).toEqual(['approved', 'rejected']);
    expect(v1Statuses.flatMap(v1StatusToStored).sort()).toEqual([...caseStatuses].sort());
  });

  it('has a Swedish label for every status', () => {
    for (const status of caseStatuses) expect(statusLabels[status]).toMatch(/^\p{Lu}/u);
  });
});
