export { type FormSubmission, formSubmission } from './contract.ts';
export { examples, headExamples, type OperationExample } from './examples.ts';
export { type FormSubmissionOperationId, operations, submitForm } from './operations.ts';
export { formField, formId, languages, submissionReceipt, submitFormBody } from './schemas.ts';
