export type {
  Contract,
  ContractDefinition,
  HeadOperation,
  OperationId,
  OperationRouteMatch,
  ResolvedOperation,
  ResolvedVersion,
} from './contract.ts';
export {
  ContractDefinitionError,
  ContractError,
  type ContractErrorCode,
  ContractLookupError,
  ContractMigrationError,
  type MigrationFailure,
} from './contract-error.ts';
export { declaredShapeMismatches } from './declared-shapes.ts';
export { defineContract } from './define-contract.ts';
export type { Issue } from './issues.ts';
export {
  type JsonSchema,
  jsonSchemaFor,
  type OperationJsonSchemas,
  type VersionJsonSchemas,
} from './json-schema.ts';
export {
  defineOperation,
  type ErrorCase,
  type ErrorCases,
  type HttpMethod,
  httpMethods,
  type Localised,
  type Operation,
  type OperationShape,
  type RequestInput,
  type RequestOutput,
  type RequestShape,
  type RequestValue,
  type ResponseInput,
  type ResponseOutput,
} from './operation.ts';
export { isPersonalData, personalData, personalDataKey, personalDataPaths } from './personal-data.ts';
export { arrayItems, editObjectAt, renameField } from './schema-edit.ts';
export {
  type HeadRequest,
  type RequestRefusal,
  type TranslateRequestResult,
  type TranslateResult,
  translateErrorCode,
  translateRequest,
  translateResponse,
} from './translate.ts';
export {
  type DeclaredShapes,
  type LifecycleStatus,
  type OperationChange,
  type Stability,
  stabilities,
  type TranslationContext,
  type VersionChange,
  type VersionDefinition,
  type VersionLifecycle,
  type VersionStatus,
  versionStatus,
} from './version.ts';
export {
  type HeadVersionId,
  hasVersion,
  type OperationAt,
  type OperationIdAt,
  type OperationsAt,
  type VersionId,
} from './version-types.ts';
