import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { application } from '../../test/support/fixtures.ts';
import type { RequestOptions, ResponseMeta } from '../core/request.ts';
import type { BryggaApiError } from '../errors/errors.ts';
import { createClient } from './create-client.ts';

/*
 * Type tests: `tsc -b packages/sdk` fails if a line marked @ts-expect-error compiles, or an expectTypeOf does not
 * hold. The calls also run (against a fetch that answers {}), so each case is a real call site.
 * Types are the HEAD version's: the contract model keeps no per-version types (see src/client/types.ts).
 */

/** Runs a call to its end; calls that fail the typecheck may also fail at run time. */
const settle = (call: Promise<unknown>) => call.catch(() => undefined);

const cases = createClient({
  gatewayUrl: 'https://brygga.example.se',
  contract: caseManagement,
  version: '2026-11-01',
  accessToken: 'at',
  fetch: async () => Response.json({}),
});

describe('operation methods are typed from the contract', () => {
  it('has exactly the contract’s operations', () => {
    expectTypeOf(cases).toHaveProperty('createCase');
    expectTypeOf(cases).toHaveProperty('getCaseStatus');
    // @ts-expect-error no such operation
    expect(cases.deleteCase).toBeUndefined();
  });

  it('accepts a valid call and refuses a wrong or missing field', async () => {
    await settle(cases.createCase({ body: application }));
    await settle(
      cases.createCase({ body: { ...application, applicationType: 'marklov' } }, { idempotencyKey: 'k' }),
    );
    // @ts-expect-error the body is required
    await settle(cases.createCase());
    // @ts-expect-error … and so is the input object
    await settle(cases.createCase({}));
    // @ts-expect-error a required field (title) is missing
    await settle(cases.createCase({ body: { ...application, title: undefined } }));
    const { applicant: _, ...withoutApplicant } = application;
    // @ts-expect-error a required nested object is missing
    await settle(cases.createCase({ body: withoutApplicant }));
    // @ts-expect-error a value outside the enum
    await settle(cases.createCase({ body: { ...application, applicationType: 'bygglov-ish' } }));
    // @ts-expect-error an unknown field (`subject` is the oldest version’s name for `title`)
    await settle(cases.createCase({ body: { ...application, subject: 'Garage' } }));
    const wrongEmail = { ...application, applicant: { ...application.applicant, email: 42 } };
    // @ts-expect-error a wrong type deep inside
    await settle(cases.createCase({ body: wrongEmail }));
    // @ts-expect-error createCase has no path parameters
    await settle(cases.createCase({ body: application, params: { caseId: 'a' } }));
    expect(true).toBe(true);
  });

  it('types path parameters and query', async () => {
    await settle(cases.getCase({ params: { caseId: 'BN-1' } }));
    // @ts-expect-error the path parameter is required
    await settle(cases.getCase());
    // @ts-expect-error … by its name
    await settle(cases.getCase({ params: { id: 'BN-1' } }));
    // @ts-expect-error … as a string
    await settle(cases.getCase({ params: { caseId: 7 } }));
    // @ts-expect-error getCase takes no body
    await settle(cases.getCase({ params: { caseId: 'BN-1' }, body: {} }));
    await settle(cases.listMyCases());
    await settle(cases.listMyCases({ query: { limit: 10 } }));
    // @ts-expect-error the cursor is a string
    await settle(cases.listMyCases({ query: { cursor: 5 } }));
    // @ts-expect-error an unknown query parameter
    await settle(cases.listMyCases({ query: { page: 2 } }));
    expect(true).toBe(true);
  });

  it('types responses by operation', () => {
    expectTypeOf(cases.getCaseStatus).returns.resolves.toEqualTypeOf<{
      caseId: string;
      status: 'submitted' | 'under_review' | 'supplement_requested' | 'approved' | 'rejected';
      updatedAt: string;
    }>();
    expectTypeOf(cases.createCase).returns.resolves.toHaveProperty('caseId').toEqualTypeOf<string>();
    expectTypeOf(cases.listMyCases)
      .returns.resolves.toHaveProperty('nextCursor')
      .toEqualTypeOf<string | null>();
    expectTypeOf(cases.withResponse.getCase)
      .returns.resolves.toHaveProperty('response')
      .toEqualTypeOf<ResponseMeta>();
    expectTypeOf(cases.lastResponse).toEqualTypeOf<ResponseMeta | undefined>();
    expectTypeOf(cases.getCase).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
  });

  it('types errors: code autocompletes the catalogue and still takes an operation’s own codes', () => {
    expectTypeOf<BryggaApiError['code']>().toExtend<string>();
    expectTypeOf<'version_sunset'>().toExtend<BryggaApiError['code']>();
    expectTypeOf<'case_not_found'>().toExtend<BryggaApiError['code']>();
  });
});
