import { translateErrorCode, translateRequest, translateResponse } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { caseManagement } from './contract.ts';

// One e-service still pinned to the first version, talking to a business system that speaks only the head.
// The citizen is logged in; the gateway passes the login to the translation.
const login = { citizen: { personalIdentityNumber: '198112189876' } };

describe('an e-service on 2026-01-15 and a business system on 2026-12-01', () => {
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
    expect(translateRequest(caseManagement, '2026-01-15', 'createCase', sent, login)).toEqual({
      ok: true,
      value: {
        params: {},
        query: {},
        body: {
          applicationType: 'bygglov',
          title: 'Tillbyggnad av enbostadshus',
          description: 'Tillbyggnad om 25 kvadratmeter mot trädgården.',
          propertyDesignation: 'UPPSALA KÅBO 5:12',
          // The business system gets the number from the login, never from the e-service (the adapter's job).
          applicant: {
            givenName: 'Anna Maria',
            familyName: 'Svensson',
            email: 'anna.svensson@example.se',
          },
        },
      },
    });
  });

  it('refuses an application in someone else’s name before it reaches the business system', () => {
    const sent = {
      body: {
        subject: 'Garage',
        description: '',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        applicant: { personalIdentityNumber: '191212121212', name: 'Tolvan Tolvansson' },
      },
    };
    const result = translateRequest(caseManagement, '2026-01-15', 'createCase', sent, login);
    expect(result).toMatchObject({ ok: false, operationError: { code: 'applicant_mismatch' } });
    expect(!result.ok && 'operationError' in result && result.operationError.errorCase.status).toBe(403);
  });

  it('refuses, at its own version, a field only newer versions know', () => {
    const result = translateRequest(
      caseManagement,
      '2026-01-15',
      'createCase',
      {
        body: {
          subject: 'Garage',
          title: 'Garage',
          description: '',
          propertyDesignation: 'UPPSALA KÅBO 5:12',
          applicant: { personalIdentityNumber: '198112189876', name: 'Anna' },
        },
      },
      login,
    );
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
        givenName: 'Anna Maria',
        familyName: 'Svensson',
        email: 'anna.svensson@example.se',
      },
      status: 'supplement_requested',
      submittedAt: '2026-11-20T09:30:00Z',
      caseOfficer: 'Handläggare Karlsson',
    };
    // The case is the logged-in citizen's own, so the number this version shows is the login's.
    const result = translateResponse(caseManagement, '2026-01-15', 'getCase', fromBusinessSystem, login);
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
