import {
  type HeadOperation,
  type RequestInput,
  type RequestValue,
  type ResponseInput,
  type TranslationContext,
  translateResponse,
} from '@brygga/contract';
import { type CaseManagement, caseManagement } from './contract.ts';
import type { CaseOperationId } from './operations.ts';

/** One valid call: what an e-service sends and what it gets back, at one version. */
export interface OperationExample {
  readonly request: Partial<RequestValue>;
  readonly response: { readonly status: number; readonly body: unknown };
}

type HeadExample<Id extends CaseOperationId> = {
  readonly request: Partial<RequestInput<HeadOperation<CaseManagement, Id>>>;
  readonly response: {
    readonly status: number;
    readonly body: ResponseInput<HeadOperation<CaseManagement, Id>>;
  };
};

// Skatteverket's test person, never a real one.
const personalIdentityNumber = '191212121212';

/** The login the examples are made under: older versions' examples carry this number, the head's none. */
export const exampleContext: TranslationContext = Object.freeze({ citizen: { personalIdentityNumber } });

const applicant = {
  givenName: 'Tolvan',
  familyName: 'Tolvansson',
  email: 'tolvan.tolvansson@example.se',
  phone: '+46 70 123 45 67',
};

const application = {
  applicationType: 'bygglov',
  title: 'Nybyggnad av garage',
  description: 'Fristående garage om 30 kvadratmeter på tomtens norra del.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant,
} as const;

const caseId = 'BN-2026-001234';

/** Head examples, type-checked against the head schemas. Older versions' examples are derived from them. */
export const headExamples: { readonly [Id in CaseOperationId]: HeadExample<Id> } = {
  createCase: {
    request: { body: application },
    response: {
      status: 201,
      body: { caseId, ...application, status: 'submitted', submittedAt: '2026-11-20T09:30:00Z' },
    },
  },
  getCase: {
    request: { params: { caseId } },
    response: {
      status: 200,
      body: { caseId, ...application, status: 'supplement_requested', submittedAt: '2026-11-20T09:30:00Z' },
    },
  },
  listMyCases: {
    request: { query: { limit: 10 } },
    response: {
      status: 200,
      body: {
        cases: [
          {
            caseId,
            applicationType: 'bygglov',
            title: application.title,
            status: 'supplement_requested',
            submittedAt: '2026-11-20T09:30:00Z',
          },
          {
            caseId: 'BN-2025-000987',
            applicationType: 'rivningslov',
            title: 'Rivning av förråd',
            status: 'approved',
            submittedAt: '2025-06-02T07:15:00Z',
          },
        ],
        nextCursor: null,
      },
    },
  },
  getCaseStatus: {
    request: { params: { caseId } },
    response: {
      status: 200,
      body: { caseId, status: 'supplement_requested', updatedAt: '2026-11-24T14:05:00Z' },
    },
  },
};

const withNumber = { ...application, applicant: { personalIdentityNumber, ...applicant } };
const { applicationType: _, title, ...olderApplication } = withNumber;
const { givenName: __, familyName: ___, ...contact } = withNumber.applicant;
const singleNameApplicant = { ...contact, name: 'Tolvan Tolvansson' };

/** createCase is the only request whose shape changed; the same application, as each version writes it. */
const createCaseRequests: Readonly<Record<string, Partial<RequestValue>>> = {
  '2026-11-01': { body: withNumber },
  '2026-08-15': { body: { ...olderApplication, title } },
  '2026-04-01': { body: { ...olderApplication, title, applicant: singleNameApplicant } },
  '2026-01-15': { body: { ...olderApplication, subject: title, applicant: singleNameApplicant } },
};

function deriveExamples(): Readonly<Record<string, Readonly<Record<string, OperationExample>>>> {
  const result: Record<string, Record<string, OperationExample>> = {};
  for (const version of caseManagement.versions) {
    const perOperation: Record<string, OperationExample> = {};
    for (const id of version.operations.keys()) {
      const head = headExamples[id as CaseOperationId] as OperationExample;
      const translated = translateResponse(
        caseManagement,
        version.version,
        id,
        head.response.body,
        exampleContext,
      );
      if (!translated.ok) throw new Error(`The head example of ${id} does not fit the head schema.`);
      perOperation[id] = {
        request: (id === 'createCase' && createCaseRequests[version.version]) || head.request,
        response: { status: head.response.status, body: translated.value },
      };
    }
    result[version.version] = perOperation;
  }
  return result;
}

/**
 * Valid example calls per version, then per operation id (only operations the version has), for OpenAPI
 * examples, mock handlers and adapter conformance tests. Every request is valid at its version and describes the
 * same application; every response is the head example as that version sees it, under {@link exampleContext}.
 */
export const examples = deriveExamples();
