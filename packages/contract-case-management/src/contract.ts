import { defineContract } from '@brygga/contract';
import { caseStatusEndpoint } from './changes/2026-04-01-case-status-endpoint.ts';
import { renameSubjectToTitle } from './changes/2026-04-01-rename-subject-to-title.ts';
import { caseStatusWorkflow } from './changes/2026-08-15-case-status-workflow.ts';
import { splitApplicantName } from './changes/2026-08-15-split-applicant-name.ts';
import { applicationType } from './changes/2026-11-01-application-type.ts';
import { applicantFromLogin } from './changes/2026-12-01-applicant-from-login.ts';
import { operations } from './operations.ts';

/**
 * Building-permit case management between e-services and the building committee's business system.
 * Each version below exists because the business system changed; e-services pinned to an older version keep
 * working through the changes' transforms.
 */
export const caseManagement = defineContract({
  name: 'case-management',
  title: { sv: 'Bygglovsärenden', en: 'Building permit cases' },
  description: {
    sv: 'Ansök om bygglov, rivningslov eller marklov och följ dina ärenden hos byggnadsnämnden.',
    en: 'Apply for building, demolition or ground works permits and follow your cases with the building committee.',
  },
  operations,
  versions: [
    { version: '2026-12-01', stability: 'stable', changes: [applicantFromLogin] },
    { version: '2026-11-01', stability: 'stable', changes: [applicationType] },
    { version: '2026-08-15', stability: 'stable', changes: [splitApplicantName, caseStatusWorkflow] },
    { version: '2026-04-01', stability: 'stable', changes: [renameSubjectToTitle, caseStatusEndpoint] },
    {
      version: '2026-01-15',
      stability: 'stable',
      deprecated: '2026-10-01',
      sunset: '2027-04-01',
      changes: [],
    },
  ],
});

export type CaseManagement = typeof caseManagement;
