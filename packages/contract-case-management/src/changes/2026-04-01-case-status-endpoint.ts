import type { VersionChange } from '@brygga/contract';
import type { CaseOperationId } from '../operations.ts';

// The business system got a cheap status lookup; e-services no longer need to fetch the whole case to poll.

export const caseStatusEndpoint = {
  id: 'case-status-endpoint',
  description: {
    sv: 'Nytt anrop som bara visar var ett ärende är.',
    en: 'New call that shows only where a case stands.',
  },
  sideEffects: false,
  operations: { getCaseStatus: { added: true } },
} satisfies VersionChange<CaseOperationId>;
