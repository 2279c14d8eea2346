export { caseStatusEndpoint } from './changes/2026-04-01-case-status-endpoint.ts';
export { renameSubjectToTitle } from './changes/2026-04-01-rename-subject-to-title.ts';
export {
  caseStatusWorkflow,
  type OlderCaseStatus,
  olderCaseStatuses,
  olderStatusOf,
} from './changes/2026-08-15-case-status-workflow.ts';
export {
  joinName,
  type SplitName,
  splitApplicantName,
  splitName,
} from './changes/2026-08-15-split-applicant-name.ts';
export {
  applicationType as applicationTypeChange,
  defaultApplicationType,
} from './changes/2026-11-01-application-type.ts';
export {
  applicantFromLogin,
  applicantMismatch,
} from './changes/2026-12-01-applicant-from-login.ts';
export { type CaseManagement, caseManagement } from './contract.ts';
export { exampleContext, examples, headExamples, type OperationExample } from './examples.ts';
export {
  type CaseOperationId,
  createCase,
  getCase,
  getCaseStatus,
  listMyCases,
} from './operations.ts';
export { hasValidCheckDigit } from './personal-identity-number.ts';
export { applicationTypes, caseStatuses } from './schemas.ts';
