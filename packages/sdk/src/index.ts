/**
 * @brygga/sdk: a typed client for Brygga's contracts. One small request core on `fetch` (Node 24 and browsers):
 * pinned version, typed errors, safe retries, idempotency keys, timeouts, deprecation notices, trace context.
 * Login helpers are in `@brygga/sdk/auth`, msw handlers for tests in `@brygga/sdk/testing`.
 */
export { type ClientOptions, createClient } from './client/create-client.ts';
export type {
  Client,
  MutatingOperationId,
  OperationArgs,
  OperationInput,
  OperationMethod,
  OperationMethodWithResponse,
  OperationOutput,
  Receipt,
  ReceiptState,
  ReceiptStatus,
  Receipts,
  SubmitMethod,
  WaitOptions,
} from './client/types.ts';
export type { DeprecationListener, DeprecationNotice } from './core/deprecation.ts';
export type { RequestOptions, ResponseMeta } from './core/request.ts';
export {
  AcceptedForDeliveryError,
  ApiError,
  type ApiErrorCode,
  type ApiErrorInit,
  AuthenticationError,
  BryggaApiError,
  ConflictError,
  ConnectionError,
  type FieldError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  type ProblemDocument,
  RateLimitError,
  SubmissionError,
  TimeoutError,
  VersionSunsetError,
} from './errors/errors.ts';
