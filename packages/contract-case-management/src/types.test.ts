import type {
  HeadOperation,
  OperationId,
  RequestInput,
  RequestOutput,
  ResponseOutput,
  TranslateRequestResult,
} from '@brygga/contract';
import { translateRequest } from '@brygga/contract';
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
