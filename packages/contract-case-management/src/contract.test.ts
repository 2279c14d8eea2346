import { jsonSchemaFor, personalDataPaths, versionStatus } from '@brygga/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { olderStatusOf } from './changes/2026-08-15-case-status-workflow.ts';
import { joinName, splitName } from './changes/2026-08-15-split-applicant-name.ts';
import { caseManagement } from './contract.ts';
import { caseStatuses } from './schemas.ts';

describe('case-management versions', () => {
  it('has five dated versions, newest first, each with the operations it had', () => {
    expect(caseManagement.versionIds).toEqual([
      '2026-12-01',
      '2026-11-01',
      '2026-08-15',
      '2026-04-01',
      '2026-01-15',
    ]);
    expect(caseManagement.head.version).toBe('2026-12-01');
    expect(caseManagement.versions.map((version) => [...version.operations.keys()])).toEqual([
      ['createCase', 'getCase', 'listMyCases', 'getCaseStatus'],
      ['createCase', 'getCase', 'listMyCases', 'getCaseStatus'],
      ['createCase', 'getCase', 'listMyCases', 'getCaseStatus'],
      ['createCase', 'getCase', 'listMyCases', 'getCaseStatus'],
      ['createCase', 'getCase', 'listMyCases'],
    ]);
    expect(caseManagement.operation('2026-04-01', 'getCaseStatus')?.since).toBe('2026-04-01');
  });

  it('deprecates 2026-01-15 on 2026-10-01 and sunsets it on 2027-04-01; the others stay active', () => {
    const oldest = caseManagement.resolve('2026-01-15');
    if (!oldest) throw new Error('missing version');
    expect(versionStatus(oldest, new Date('2026-09-30T23:59:59Z')).status).toBe('active');
    expect(versionStatus(oldest, new Date('2026-10-01T00:00:00Z')).status).toBe('deprecated');
    expect(versionStatus(oldest, new Date('2027-04-01T00:00:00Z')).status).toBe('sunset');
    // 2026-11-01 stays stable and active: applicant-from-login is lossless for it, so nobody has to move.
    for (const version of caseManagement.versions.slice(0, 4)) {
      expect(versionStatus(version, new Date('2030-01-01T00:00:00Z')).status).toBe('active');
      expect(version.stability).toBe('stable');
    }
  });

  it('publishes applicant-from-login at 2026-12-01 as a lossless change of createCase and getCase', () => {
    const [change, ...others] = caseManagement.head.changes;
    expect(others).toEqual([]);
    expect(change).toMatchObject({ id: 'applicant-from-login', sideEffects: false });
    expect(Object.keys(change?.operations ?? {})).toEqual(['createCase', 'getCase']);
  });

  it('routes the four operations, and the status lookup only where it exists', () => {
    const route = (version: string, method: string, path: string) => {
      const found = caseManagement.match(version, method, path);
      return found?.kind === 'found' ? [found.operation.id, found.params] : found?.kind;
    };
    expect(route('2026-12-01', 'POST', '/cases')).toEqual(['createCase', {}]);
    expect(route('2026-12-01', 'GET', '/cases')).toEqual(['listMyCases', {}]);
    expect(route('2026-12-01', 'GET', '/cases/BN-2026-001234')).toEqual([
      'getCase',
      { caseId: 'BN-2026-001234' },
    ]);
    expect(route('2026-12-01', 'GET', '/cases/BN-2026-001234/status')).toEqual([
      'getCaseStatus',
      { caseId: 'BN-2026-001234' },
    ]);
    expect(route('2026-01-15', 'GET', '/cases/BN-2026-001234/status')).toBeUndefined();
    expect(route('2026-01-15', 'DELETE', '/cases')).toBe('method_not_allowed');
  });
});

describe('personal data', () => {
  it('never travels in a URL: no operation at any version has personal data in its path or query', () => {
    for (const version of caseManagement.versions) {
      for (const operation of version.operations.values()) {
        expect(operation.path).not.toMatch(/personal|identity|name/i);
        for (const part of [operation.request.params, operation.request.query]) {
          if (part) expect(personalDataPaths(part)).toEqual([]);
        }
      }
    }
  });

  it('is marked in the request and response of every version, following the name split', () => {
    const head = caseManagement.operation('2026-12-01', 'createCase');
    const november = caseManagement.operation('2026-11-01', 'createCase');
    const oldest = caseManagement.operation('2026-01-15', 'createCase');
    expect(head?.request.body && personalDataPaths(head.request.body)).toEqual([
      '$.applicant.givenName',
      '$.applicant.familyName',
      '$.applicant.email',
      '$.applicant.phone',
    ]);
    expect(head && personalDataPaths(head.response.body)).not.toContain('$.applicant.personalIdentityNumber');
    expect(november?.request.body && personalDataPaths(november.request.body)).toEqual([
      '$.applicant.personalIdentityNumber',
      '$.applicant.givenName',
      '$.applicant.familyName',
      '$.applicant.email',
      '$.applicant.phone',
    ]);
    expect(november && personalDataPaths(november.response.body)).toContain(
      '$.applicant.personalIdentityNumber',
    );
    expect(oldest?.request.body && personalDataPaths(oldest.request.body)).toEqual([
      '$.applicant.personalIdentityNumber',
      '$.applicant.email',
      '$.applicant.phone',
      '$.applicant.name',
    ]);
    expect(oldest && personalDataPaths(oldest.response.body)).toContain('$.applicant.name');
    const list = caseManagement.head.operations.get('listMyCases');
    expect(list && personalDataPaths(list.response.body)).toEqual([]);
  });

  it('shows in the JSON Schema of every version that still carries the personnummer', () => {
    for (const version of caseManagement.versionIds.slice(1)) {
      const body = jsonSchemaFor(caseManagement, version).operations.createCase?.body;
      expect(body?.properties?.applicant).toMatchObject({
        properties: { personalIdentityNumber: { 'x-personal-data': true } },
      });
    }
  });
});

describe('errors', () => {
  it('gives every error case a plain Swedish and English title and detail', () => {
    for (const version of caseManagement.versions) {
      for (const operation of version.operations.values()) {
        for (const [code, errorCase] of Object.entries(operation.errors)) {
          expect(errorCase.title.sv, code).toMatch(/\.$/);
          expect(errorCase.title.en, code).toMatch(/\.$/);
          expect(errorCase.title.sv, code).not.toBe(errorCase.title.en);
          expect(errorCase.detail?.sv, code).toMatch(/\.$/);
          expect(errorCase.status, code).toBeGreaterThanOrEqual(400);
        }
      }
    }
    // A mismatch cannot happen at head (the applicant is the login); versions that send a number have it.
    expect(Object.keys(caseManagement.head.operations.get('createCase')?.errors ?? {})).toEqual([
      'duplicate_submission',
      'property_not_found',
    ]);
    for (const version of caseManagement.versionIds.slice(1)) {
      expect(
        Object.keys(caseManagement.operation(version, 'createCase')?.errors ?? {}).sort(),
        version,
      ).toEqual(['applicant_mismatch', 'duplicate_submission', 'property_not_found']);
    }
    expect(Object.keys(caseManagement.head.operations.get('getCase')?.errors ?? {})).toEqual([
      'case_not_found',
    ]);
  });
});

describe('the name split rule', () => {
  it('splits at the last space', () => {
    expect(splitName('Anna Maria Svensson')).toEqual({ givenName: 'Anna Maria', familyName: 'Svensson' });
    expect(splitName('Maria von Trapp')).toEqual({ givenName: 'Maria von', familyName: 'Trapp' });
    expect(splitName('Madonna')).toEqual({ givenName: '', familyName: 'Madonna' });
    expect(joinName({ givenName: '', familyName: 'Madonna' })).toBe('Madonna');
    expect(joinName({ givenName: 'Anna Maria', familyName: 'Svensson' })).toBe('Anna Maria Svensson');
  });

  it('joins back to exactly the same string, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Ö', ' ', '\t') }), (name) => {
        expect(joinName(splitName(name))).toBe(name);
      }),
    );
  });
});

describe('the status workflow mapping', () => {
  it('maps every head status to one the older versions know', () => {
    expect(caseStatuses.map((status) => olderStatusOf[status])).toEqual([
      'submitted',
      'under_review',
      'under_review',
      'decided',
      'decided',
    ]);
  });
});
