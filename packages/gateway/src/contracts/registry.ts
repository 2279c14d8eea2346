import { fileURLToPath } from 'node:url';
import type { Contract, RequestValue } from '@brygga/contract';
import { caseManagement, examples as caseManagementExamples } from '@brygga/contract-case-management';
import { formSubmission, examples as formSubmissionExamples } from '@brygga/contract-form-submission';

/** One valid call at one version, shown in that version's OpenAPI document. */
export interface OperationExample {
  readonly request: Partial<RequestValue>;
  readonly response: { readonly status: number; readonly body: unknown };
}

/** Examples per version, then per operation id. */
export type ContractExamples = Readonly<Record<string, Readonly<Record<string, OperationExample>>>>;

/** A contract the gateway can serve, with what its documentation needs. */
export interface ContractEntry {
  readonly contract: Contract;
  readonly examples?: ContractExamples | undefined;
  /** Where the frozen OpenAPI documents of its published versions are committed (`<version>.json`). */
  readonly openapiDir?: string | undefined;
}

// The package's entry is src/index.ts, so its committed documents are one folder up, in openapi/.
const caseManagementOpenApiDir = fileURLToPath(
  new URL('../openapi/', import.meta.resolve('@brygga/contract-case-management')),
);

const formSubmissionOpenApiDir = fileURLToPath(
  new URL('../openapi/', import.meta.resolve('@brygga/contract-form-submission')),
);

/** The contracts this gateway build knows. Configuration names them; adapters implement their head. */
export const builtInContracts: readonly ContractEntry[] = [
  { contract: caseManagement, examples: caseManagementExamples, openapiDir: caseManagementOpenApiDir },
  { contract: formSubmission, examples: formSubmissionExamples, openapiDir: formSubmissionOpenApiDir },
];
