import type { HeadOperation, RequestInput, RequestValue, ResponseInput } from '@brygga/contract';
import { type FormSubmission, formSubmission } from './contract.ts';
import type { FormSubmissionOperationId } from './operations.ts';

/** One valid call: what an e-service sends and what it gets back, at one version. */
export interface OperationExample {
  readonly request: Partial<RequestValue>;
  readonly response: { readonly status: number; readonly body: unknown };
}

type HeadExample<Id extends FormSubmissionOperationId> = {
  readonly request: Partial<RequestInput<HeadOperation<FormSubmission, Id>>>;
  readonly response: {
    readonly status: number;
    readonly body: ResponseInput<HeadOperation<FormSubmission, Id>>;
  };
};

/** Head examples, type-checked against the head schemas. Made-up person (Skatteverket's test name). */
export const headExamples: { readonly [Id in FormSubmissionOperationId]: HeadExample<Id> } = {
  submitForm: {
    request: {
      body: {
        form: 'kontakt',
        language: 'sv',
        subject: 'Fråga om sophämtning',
        fields: [
          { label: 'Namn', value: 'Tolvan Tolvansson' },
          { label: 'Ditt ärende', value: 'När hämtas soporna på Kåbovägen under julveckan?' },
        ],
        replyTo: 'tolvan.tolvansson@example.se',
      },
    },
    response: {
      status: 201,
      body: {
        submissionId: '0f9c7c1e-6f1a-4d55-9a43-2b8f4e7d5c10',
        receivedAt: '2026-12-03T09:30:00Z',
        mailbox: { name: 'Kontaktcenter' },
      },
    },
  },
};

/** Valid example calls per version, then per operation id; one version so far, the head. */
export const examples: Readonly<Record<string, Readonly<Record<string, OperationExample>>>> = {
  [formSubmission.head.version]: headExamples,
};
