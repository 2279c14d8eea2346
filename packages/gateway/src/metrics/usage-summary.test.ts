import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../contracts/usage/event.ts';
import { formatOwnerSummary, summariseForOwners } from './usage-summary.ts';

const row = (overrides: Partial<UsageRow>): UsageRow => ({
  day: '2026-11-20',
  eServiceId: 'bygglov',
  contract: 'case-management',
  version: '2026-01-15',
  operationId: 'createCase',
  outcome: 'ok',
  calls: 1,
  lastAt: '2026-11-20T10:00:00.000Z',
  ...overrides,
});

const eServices = [
  { id: 'bygglov', name: 'Ansök om bygglov', owner: 'Stadsbyggnadsnämnden' },
  { id: 'parkering', name: 'Parkeringstillstånd', owner: 'Trafiknämnden' },
];
const rows = [
  row({ calls: 8 }),
  row({ outcome: 'rejected', calls: 3 }),
  row({ outcome: 'operation_error', calls: 1 }),
  row({ outcome: 'timeout', calls: 2 }),
  row({ operationId: 'getCase', calls: 20 }),
  row({
    operationId: 'getCase',
    outcome: 'failed',
    calls: 4,
    day: '2026-11-21',
    lastAt: '2026-11-21T09:30:00.000Z',
  }),
  row({ operationId: 'getCase', outcome: 'cancelled', calls: 2, day: '2026-11-21' }),
  row({ day: '2026-11-25', calls: 100 }),
  row({ eServiceId: 'retired-service', calls: 5 }),
];

describe('owner usage summary', () => {
  it('counts calls, ok non-GET calls as submissions, and failures as errors over the period', () => {
    const lines = summariseForOwners(rows, {
      eServices,
      contracts: [caseManagement],
      from: '2026-11-20',
      to: '2026-11-21',
    });
    expect(lines.map((line) => line.eServiceId)).toEqual(['bygglov', 'parkering', 'retired-service']);
    expect(lines[0]).toEqual({
      eServiceId: 'bygglov',
      name: 'Ansök om bygglov',
      owner: 'Stadsbyggnadsnämnden',
      calls: 40,
      submissions: 8,
      rejected: 3,
      operationErrors: 1,
      errors: 6,
      errorRate: 6 / 40,
      lastAt: '2026-11-21T09:30:00.000Z',
    });
    // Configured but unused: listed with zeros and no rate.
    expect(lines[1]).toMatchObject({ eServiceId: 'parkering', calls: 0, errorRate: null, lastAt: undefined });
    expect(lines[2]).toMatchObject({
      eServiceId: 'retired-service',
      owner: undefined,
      calls: 5,
      submissions: 5,
    });
  });

  it('narrows to one e-service and open-ended periods', () => {
    const lines = summariseForOwners(rows, { eServices, contracts: [caseManagement], eService: 'bygglov' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ calls: 140, submissions: 108 });
    const later = summariseForOwners(rows, { eServices, contracts: [caseManagement], from: '2026-11-22' });
    expect(later.find((line) => line.eServiceId === 'bygglov')).toMatchObject({ calls: 100, errors: 0 });
  });

  it('does not count an operation it cannot resolve as a submission', () => {
    const [line] = summariseForOwners([row({ operationId: 'unknownOperation', calls: 3 })], {
      eServices: [],
      contracts: [caseManagement],
    });
    expect(line).toMatchObject({ calls: 3, submissions: 0 });
  });

  it('prints a table with the error rate as a percentage', () => {
    const table = formatOwnerSummary(
      summariseForOwners(rows, { eServices, contracts: [caseManagement], to: '2026-11-21' }),
    );
    const lines = table.split('\n');
    expect(lines[0]).toMatch(
      /^e-service\s+owner\s+calls\s+submissions\s+rejected\s+op-errors\s+errors\s+error rate/,
    );
    expect(lines[2]).toMatch(
      /^bygglov\s+Stadsbyggnadsnämnden\s+40\s+8\s+3\s+1\s+6\s+15\.0 %\s+2026-11-21 09:30$/,
    );
    expect(lines[3]).toMatch(/^parkering\s+Trafiknämnden\s+0\s+0\s+0\s+0\s+0\s+–\s+–$/);
    expect(formatOwnerSummary([])).toBe('No e-services in that selection.');
  });
});
