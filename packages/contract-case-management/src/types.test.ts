import type {
  HeadOperation,
  HeadVersionId,
  OperationAt,
  OperationId,
  OperationIdAt,
  RequestInput,
  RequestOutput,
  ResponseOutput,
  TranslateRequestResult,
  VersionId,
} from '@brygga/contract';
import { declaredShapeMismatches, translateRequest } from '@brygga/contract';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type CaseManagement, caseManagement } from './contract.ts';
import { headExamples } from './examples.ts';

// Compile-time checks (tsc -b fails if they break) that an SDK can infer head types per operation.

type CreateCase = HeadOperation<CaseManagement, 'createCase'>;

describe('head types', () => {
  it('infers operation ids, request and response types from the zod schemas', () => {
    expectTypeOf<OperationId<CaseManagement>>().toEqualTypeOf<
      'createCase' | 'getCase' | 'listMyCases' | 'getCaseStatus'
    >();
    expectTypeOf<RequestInput<CreateCase>['body']['applicationType']>().toEqualTypeOf<
      'bygglov' | 'rivningslov' | 'marklov'
    >();
    expectTypeOf<RequestInput<CreateCase>['body']['applicant']['email']>().toEqualTypeOf<
      string | undefined
    >();
    // The applicant is the login: an e-service at head cannot even write a personnummer.
    expectTypeOf<keyof RequestInput<CreateCase>['body']['applicant']>().toEqualTypeOf<
      'givenName' | 'familyName' | 'email' | 'phone'
    >();
    expectTypeOf<keyof ResponseOutput<HeadOperation<CaseManagement, 'getCase'>>['applicant']>().toEqualTypeOf<
      'givenName' | 'familyName' | 'email' | 'phone'
    >();
    expectTypeOf<
      RequestOutput<HeadOperation<CaseManagement, 'listMyCases'>>['query']['limit']
    >().toEqualTypeOf<number>();
    expectTypeOf<
      RequestOutput<HeadOperation<CaseManagement, 'getCase'>>['body']
    >().toEqualTypeOf<undefined>();
    expectTypeOf<ResponseOutput<HeadOperation<CaseManagement, 'getCaseStatus'>>['status']>().toEqualTypeOf<
      'submitted' | 'under_review' | 'supplement_requested' | 'approved' | 'rejected'
    >();
    expect(caseManagement.operations.createCase.id).toBe('createCase');
  });

  it('types translateRequest’s result as the head request of the operation', () => {
    const result = translateRequest(caseManagement, '2026-01-15', 'getCase', headExamples.getCase.request);
    expectTypeOf(result).toEqualTypeOf<
      TranslateRequestResult<RequestOutput<HeadOperation<CaseManagement, 'getCase'>>>
    >();
    expect(result.ok && result.value.params.caseId).toBe('BN-2026-001234');
  });
});

type At<V extends VersionId<CaseManagement>, Id extends OperationIdAt<CaseManagement, V>> = OperationAt<
  CaseManagement,
  V,
  Id
>;

describe('types per version', () => {
  it('declares, in each change, the older shapes the schema edits derive (so the types follow the wire)', () => {
    expect(declaredShapeMismatches(caseManagement)).toEqual([]);
  });

  it('has the versions as a literal union, head first', () => {
    expectTypeOf<VersionId<CaseManagement>>().toEqualTypeOf<
      '2026-12-01' | '2026-11-01' | '2026-08-15' | '2026-04-01' | '2026-01-15'
    >();
    expectTypeOf<HeadVersionId<CaseManagement>>().toEqualTypeOf<'2026-12-01'>();
    expectTypeOf<OperationIdAt<CaseManagement, '2026-04-01'>>().toEqualTypeOf<OperationId<CaseManagement>>();
    expectTypeOf<OperationIdAt<CaseManagement, '2026-01-15'>>().toEqualTypeOf<
      'createCase' | 'getCase' | 'listMyCases'
    >();
  });

  it('types each version’s request as that version takes it', () => {
    expectTypeOf<RequestInput<At<'2026-12-01', 'createCase'>>>().toEqualTypeOf<
      RequestInput<HeadOperation<CaseManagement, 'createCase'>>
    >();
    expectTypeOf<keyof RequestInput<At<'2026-11-01', 'createCase'>>['body']['applicant']>().toEqualTypeOf<
      'personalIdentityNumber' | 'givenName' | 'familyName' | 'email' | 'phone'
    >();
    expectTypeOf<keyof RequestInput<At<'2026-08-15', 'createCase'>>['body']>().toEqualTypeOf<
      'title' | 'description' | 'propertyDesignation' | 'applicant'
    >();
    expectTypeOf<RequestInput<At<'2026-01-15', 'createCase'>>['body']>().toEqualTypeOf<{
      subject: string;
      description: string;
      propertyDesignation: string;
      applicant: {
        personalIdentityNumber: string;
        name: string;
        email?: string | undefined;
        phone?: string | undefined;
      };
    }>();
  });

  it('types each version’s response as that version gets it', () => {
    expectTypeOf<ResponseOutput<At<'2026-01-15', 'getCase'>>>().toEqualTypeOf<{
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
    expectTypeOf<ResponseOutput<At<'2026-04-01', 'getCaseStatus'>>['status']>().toEqualTypeOf<
      'submitted' | 'under_review' | 'decided'
    >();
    expectTypeOf<ResponseOutput<At<'2026-08-15', 'listMyCases'>>['cases'][number]>().toEqualTypeOf<{
      caseId: string;
      title: string;
      status: 'submitted' | 'under_review' | 'supplement_requested' | 'approved' | 'rejected';
      submittedAt: string;
    }>();
    expectTypeOf<keyof ResponseOutput<At<'2026-11-01', 'createCase'>>['applicant']>().toEqualTypeOf<
      'personalIdentityNumber' | 'givenName' | 'familyName' | 'email' | 'phone'
    >();
  });
});
