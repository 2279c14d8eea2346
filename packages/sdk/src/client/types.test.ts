import { type CaseManagement, caseManagement } from '@brygga/contract-case-management';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { application } from '../../test/support/fixtures.ts';
import type { RequestOptions, ResponseMeta } from '../core/request.ts';
import type { BryggaApiError } from '../errors/errors.ts';
import { createClient } from './create-client.ts';
import type { Client, Receipt, ReceiptStatus } from './types.ts';

/*
 * Type tests: `tsc -b packages/sdk` fails if a line marked @ts-expect-error compiles, or an expectTypeOf does not
 * hold. The calls also run (against a fetch that answers {}), so each case is a real call site.
 * Types are the pinned version's, inferred from the contract (the head's operations and the `before` shapes its
 * version changes declare); the contract's own tests prove those shapes are the ones on the wire.
 */

/** Runs a call to its end; calls that fail the typecheck may also fail at run time. */
const settle = (call: Promise<unknown>) => call.catch(() => undefined);
/** The same call, still typed, for expectTypeOf: its rejection is handled. */
function quiet<T>(call: Promise<T>): Promise<T> {
  call.catch(() => undefined);
  return call;
}

const options = {
  gatewayUrl: 'https://brygga.example.se',
  contract: caseManagement,
  accessToken: 'at',
  fetch: async () => Response.json({}),
} as const;

const cases = createClient({ ...options, version: '2026-12-01' });
const oldest = createClient({ ...options, version: '2026-01-15' });

// Skatteverket's test person, never a real one; older versions send the applicant's personnummer.
const personalIdentityNumber = '191212121212';
const { givenName, familyName, ...contact } = application.applicant;
const oldApplication = {
  subject: application.title,
  description: application.description,
  propertyDesignation: application.propertyDesignation,
  applicant: { personalIdentityNumber, name: `${givenName} ${familyName}`, ...contact },
};

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

describe('calls are typed per pinned version', () => {
  it('takes a literal version of the contract, and nothing else', () => {
    // @ts-expect-error a version the contract does not have (it also throws at run time)
    expect(() => createClient({ ...options, version: '2025-01-01' })).toThrow(/has no version/);
    const fromSomewhere: string = '2026-12-01';
    // @ts-expect-error a version known only at run time has no types: narrow it to the contract's versions
    expect(createClient({ ...options, version: fromSomewhere })).toBeDefined();
    // The default client type is the head's.
    expectTypeOf<Client<CaseManagement>>().toEqualTypeOf<Client<CaseManagement, '2026-12-01'>>();
    expectTypeOf(cases).toEqualTypeOf<Client<CaseManagement>>();
  });

  it('types the oldest version’s requests: subject, one name and the personnummer', async () => {
    await settle(oldest.createCase({ body: oldApplication }));
    // @ts-expect-error the head's body: `title` and split names are unknown at 2026-01-15
    await settle(oldest.createCase({ body: application }));
    // @ts-expect-error a head field the oldest version does not have
    await settle(oldest.createCase({ body: { ...oldApplication, applicationType: 'bygglov' } }));
    const { personalIdentityNumber: _, ...noNumber } = oldApplication.applicant;
    // @ts-expect-error older versions name the applicant by personnummer: it is required
    await settle(oldest.createCase({ body: { ...oldApplication, applicant: noNumber } }));
    // @ts-expect-error … and the subject too
    await settle(oldest.createCase({ body: { ...oldApplication, subject: undefined } }));
    // @ts-expect-error the status lookup came in 2026-04-01
    await settle(oldest.getCaseStatus({ params: { caseId: 'BN-1' } }));
    expect(true).toBe(true);
  });

  it('types the oldest version’s responses as it gets them', () => {
    expectTypeOf(oldest.getCase).returns.resolves.toEqualTypeOf<{
      caseId: string;
      subject: string;
      description: string;
      propertyDesignation: string;
      applicant: {
        personalIdentityNumber: string;
        name: string;
        email?: string | undefined;
        phone?: string | undefined;
      };
      status: 'submitted' | 'under_review' | 'decided';
      submittedAt: string;
    }>();
    expectTypeOf(oldest.listMyCases).returns.resolves.toHaveProperty('cases').toEqualTypeOf<
      {
        caseId: string;
        subject: string;
        status: 'submitted' | 'under_review' | 'decided';
        submittedAt: string;
      }[]
    >();
  });

  it('types the versions in between by the changes above them', async () => {
    const november = createClient({ ...options, version: '2026-11-01' });
    const august = createClient({ ...options, version: '2026-08-15' });
    const withNumber = { ...application, applicant: { ...application.applicant, personalIdentityNumber } };
    await settle(november.createCase({ body: withNumber }));
    // @ts-expect-error before 2026-12-01 the applicant's personnummer is required
    await settle(november.createCase({ body: application }));
    const headApplicant = { ...application.applicant };
    await settle(
      cases.createCase({
        body: {
          ...application,
          // @ts-expect-error … and at head there is none to send
          applicant: { ...headApplicant, personalIdentityNumber },
        },
      }),
    );
    const { applicationType: _, ...noType } = withNumber;
    await settle(august.createCase({ body: noType }));
    // @ts-expect-error the application type came in 2026-11-01
    await settle(august.createCase({ body: { ...noType, applicationType: 'bygglov' } }));
    expectTypeOf(november.getCase)
      .returns.resolves.toHaveProperty('applicant')
      .toHaveProperty('personalIdentityNumber')
      .toEqualTypeOf<string>();
    expectTypeOf(cases.getCase)
      .returns.resolves.toHaveProperty('applicant')
      .not.toHaveProperty('personalIdentityNumber');
    expectTypeOf(august.getCaseStatus)
      .returns.resolves.toHaveProperty('status')
      .toEqualTypeOf<'submitted' | 'under_review' | 'supplement_requested' | 'approved' | 'rejected'>();
    expect(true).toBe(true);
  });
});

describe('submissions with a receipt are typed', () => {
  it('offers writing operations only, with the same input as the call', async () => {
    expectTypeOf(cases.submit).toHaveProperty('createCase');
    // @ts-expect-error reading is not submitted
    expect(cases.submit.getCase).toBeUndefined();
    await settle(cases.submit.createCase({ body: application }, { idempotencyKey: 'k' }));
    await settle(oldest.submit.createCase({ body: oldApplication }));
    // @ts-expect-error the pinned version's body, as for the call
    await settle(oldest.submit.createCase({ body: application }));
    expectTypeOf(cases.submit.createCase).returns.resolves.toEqualTypeOf<Receipt<'createCase'>>();
  });

  it('resolves a receipt’s wait with the operation’s result at the pinned version', () => {
    const receipt = {} as Receipt<'createCase'>;
    expectTypeOf(quiet(oldest.receipts.wait(receipt)))
      .resolves.toHaveProperty('subject')
      .toEqualTypeOf<string>();
    expectTypeOf(quiet(cases.receipts.wait(receipt)))
      .resolves.toHaveProperty('title')
      .toEqualTypeOf<string>();
    const stored = { receiptId: 'rcpt_x', operation: 'createCase' } as const;
    expectTypeOf(quiet(cases.receipts.wait(stored))).resolves.toHaveProperty('applicationType');
    expectTypeOf(quiet(cases.receipts.wait('rcpt_x'))).resolves.toBeUnknown();
    expectTypeOf(quiet(cases.receipts.get('rcpt_x'))).resolves.toEqualTypeOf<ReceiptStatus>();
  });
});
