import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { checkConfigText, formatIssues } from '../config/index.ts';
import { fixtureEnv, toYaml, validConfigData } from '../config/test-fixtures.ts';
import type { UsageRow } from '../contracts/usage/event.ts';
import { recentSince, versionDeprecations } from './deprecations.ts';

const result = checkConfigText(toYaml(validConfigData()), { filePath: '/srv/brygga.yaml', env: fixtureEnv });
if (!result.ok) throw new Error(formatIssues(result.issues));
const { eServices } = result.config;

const row = (overrides: Partial<UsageRow>): UsageRow => ({
  day: '2026-11-20',
  eServiceId: 'bygglov-ansokan',
  contract: 'case-management',
  version: '2026-01-15',
  operationId: 'createCase',
  outcome: 'ok',
  calls: 1,
  lastAt: '2026-11-20T10:00:00.000Z',
  ...overrides,
});

describe('versionDeprecations', () => {
  const at = Date.parse('2026-11-25T12:00:00Z');

  it('lists only versions with lifecycle dates, with the e-services pinned to each', () => {
    const [entry, ...rest] = versionDeprecations([caseManagement], eServices, at);
    expect(rest).toEqual([]);
    expect(entry?.version.version).toBe('2026-01-15');
    expect(entry?.status).toBe('deprecated');
    expect(entry?.pinned.map((eService) => eService.id)).toEqual(['bygglov-ansokan']);
    expect(entry?.recentCallers).toBeUndefined();
  });

  it('follows the clock: announced before the deprecation date, sunset after the sunset date', () => {
    const status = (when: string) =>
      versionDeprecations([caseManagement], eServices, Date.parse(when))[0]?.status;
    expect(status('2026-09-30T23:59:59Z')).toBe('active');
    expect(status('2027-04-01T00:00:00Z')).toBe('sunset');
  });

  it('sums recent calls per e-service for the version only, keeping the latest call', () => {
    const usage = [
      row({ calls: 3, lastAt: '2026-11-20T10:00:00.000Z' }),
      row({ day: '2026-11-21', calls: 2, outcome: 'failed', lastAt: '2026-11-21T08:00:00.000Z' }),
      row({ eServiceId: 'mina-sidor', calls: 4 }),
      row({ eServiceId: 'other', version: '2026-12-01', calls: 9 }),
      row({ eServiceId: 'other', contract: 'something-else', calls: 9 }),
    ];
    const [entry] = versionDeprecations([caseManagement], eServices, at, usage);
    expect(entry?.recentCallers).toEqual([
      { eServiceId: 'bygglov-ansokan', calls: 5, lastAt: '2026-11-21T08:00:00.000Z' },
      { eServiceId: 'mina-sidor', calls: 4, lastAt: '2026-11-20T10:00:00.000Z' },
    ]);
  });

  it('starts the recent window 30 days back, as a UTC day', () => {
    expect(recentSince(Date.parse('2026-11-25T00:30:00Z'))).toBe('2026-10-26');
  });
});
