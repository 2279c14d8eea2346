import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { chooseVersion, supportedVersions } from './version-selection.ts';

const before = Date.parse('2026-09-01T00:00:00Z');
const after = Date.parse('2027-04-01T00:00:00Z');

describe('chooseVersion', () => {
  it('uses the pin, or the header (trimmed) when one is sent', () => {
    expect(chooseVersion(caseManagement, '2026-04-01', undefined, before)).toMatchObject({
      kind: 'ok',
      source: 'pin',
      version: { version: '2026-04-01' },
    });
    expect(chooseVersion(caseManagement, '2026-04-01', ' 2026-11-01 ', before)).toMatchObject({
      kind: 'ok',
      source: 'header',
      version: { version: '2026-11-01' },
    });
  });

  it('knows unknown and sunset versions, and the sunset starts at its instant', () => {
    expect(chooseVersion(caseManagement, '2026-04-01', 'latest', before)).toEqual({
      kind: 'unknown',
      source: 'header',
    });
    expect(chooseVersion(caseManagement, '2026-01-15', undefined, after).kind).toBe('sunset');
    expect(chooseVersion(caseManagement, '2026-01-15', undefined, after - 1)).toMatchObject({
      kind: 'ok',
      status: { status: 'deprecated' },
    });
  });

  it('lists only versions that still answer', () => {
    expect(supportedVersions(caseManagement, before)).toHaveLength(5);
    expect(supportedVersions(caseManagement, after)).toEqual([
      '2026-12-01',
      '2026-11-01',
      '2026-08-15',
      '2026-04-01',
    ]);
  });
});

describe('chooseVersion: an empty header', () => {
  it('treats an empty or blank Brygga-Version as absent and uses the pin', () => {
    for (const header of ['', '  ', '\t']) {
      expect(chooseVersion(caseManagement, '2026-04-01', header, before)).toMatchObject({
        kind: 'ok',
        source: 'pin',
        version: { version: '2026-04-01' },
      });
    }
  });
});
