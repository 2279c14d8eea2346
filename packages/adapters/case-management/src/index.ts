export {
  type BusinessApiVersion,
  type CaseManagementAdapter,
  type CaseManagementAdapterOptions,
  createCaseManagementAdapter,
} from './adapter.ts';
export { headStatusOfV1, type V1Status } from './business/v1.ts';
export {
  type BusinessCall,
  BusinessSystemError,
  type BusinessSystemErrorCode,
  businessSystemErrorCodes,
} from './errors.ts';
export { type BusinessSystemEntry, createAdapter } from './gateway-entry.ts';
export { bearerAuth, type CallMetadata, idempotencyKey, traceContext } from './http/interceptors.ts';
export { describeApplication, readApplication } from './mapping/application-type.ts';
