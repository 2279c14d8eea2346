import { translateErrorCode, translateRequest, translateResponse } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { caseManagement } from './contract.ts';

// One e-service still pinned to the first version, talking to a business system that speaks only the head.

describe('an e-service on 2026-01-15 and a business system on 2026-11-01', () => {
  it('sends an application that reaches the business system as a valid head request', () => {
    const sent = {
      body: {
        subject: 'Tillbyggnad av enbostadshus',
        description: '  Tillbyggnad om 25 kvadratmeter mot trädgården.  ',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        applicant: {
          personalIdentityNumber: '198112189876',
          name: '  Anna Maria Svensson ',
          email: 'anna.svensson@example.se',
        },
      },
    };
    expect(translateRequest(caseManagement, '2026-01-15', 'createCase', sent)).toEqual({
      ok: true,
      value: {
        params: {},
        query: {},
        body: {
          applicationType: 'bygglov',
          title: 'Tillbyggnad av enbostadshus',
          description: 'Tillbyggnad om 25 kvadratmeter mot trädgården.',
          propertyDesignation: 'UPPSALA KÅBO 5:12',
          applicant: {
            personalIdentityNumber: '198112189876',
            givenName: 'Anna Maria',
            familyName: 'Svensson',
            email: 'anna.svensson@example.se',
          },
        },
      },
    });
  });

  it('refuses, at its own version, a field only newer versions know', () => {
    const result = translateRequest(caseManagement, '2026-01-15', 'createCase', {
      body: {
        subject: 'Garage',
        title: 'Garage',
        description: '',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        applicant: { personalIdentityNumber: '198112189876', name: 'Anna' },
      },
    });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: ['body', 'title'], code: 'unrecognized_key', message: 'Unknown field.' }],
    });
  });

  it('gets the head case back in its own shape, without what it does not know', () => {
    const fromBusinessSystem = {
      caseId: 'BN-2026-004711',
      applicationType: 'rivningslov',
      title: 'Tillbyggnad av enbostadshus',
      description: 'Tillbyggnad om 25 kvadratmeter mot trädgården.',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
      applicant: {
        personalIdentityNumber: '198112189876',
        givenName: 'Anna Maria',
        familyName: 'Svensson',
        email: 'anna.svensson@example.se',
      },
      status: 'supplement_requested',
      submittedAt: '2026-11-20T09:30:00Z',
      caseOfficer: 'Handläggare Karlsson',
    };
    const result = translateResponse(caseManagement, '2026-01-15', 'getCase', fromBusinessSystem);
    expect(result).toEqual({
      ok: true,
      value: {
        caseId: 'BN-2026-004711',
        subject: 'Tillbyggnad av enbostadshus',
        description: 'Tillbyggnad om 25 kvadratmeter mot trädgården.',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        applicant: {
          personalIdentityNumber: '198112189876',
          name: 'Anna Maria Svensson',
          email: 'anna.svensson@example.se',
        },
        status: 'under_review',
        submittedAt: '2026-11-20T09:30:00Z',
      },
    });
    const valid = caseManagement
      .operation('2026-01-15', 'getCase')
      ?.response.body.safeParse(result.ok && result.value);
    expect(valid?.success).toBe(true);
  });

  it('lists its cases with the older field names and statuses', () => {
    const result = translateResponse(caseManagement, '2026-01-15', 'listMyCases', {
      cases: [
        {
          caseId: 'BN-2026-1',
          applicationType: 'marklov',
          title: 'Schaktning',
          status: 'approved',
          submittedAt: '2026-11-01T08:00:00Z',
        },
      ],
      nextCursor: 'abc',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        cases: [
          {
            caseId: 'BN-2026-1',
            subject: 'Schaktning',
            status: 'decided',
            submittedAt: '2026-11-01T08:00:00Z',
          },
        ],
        nextCursor: 'abc',
      },
    });
  });

  it('keeps error codes, which have not changed between versions', () => {
    expect(translateErrorCode(caseManagement, '2026-01-15', 'getCase', 'case_not_found')).toBe(
      'case_not_found',
    );
  });
});
