// The gateway's HTTP foundation: the app, its middleware, problem documents, the server and its shutdown.

// The server, its lifecycle and the application logger, so `@brygga/gateway/http` is the whole foundation.
export * from '../log/index.ts';
export * from '../server/index.ts';
export { type CreateAppOptions, createApp } from './app.ts';
export type { GatewayEnv, GatewayVariables } from './env.ts';
export {
  type CheckResult,
  type CheckStatus,
  defaultCheckTimeoutMs,
  type HealthOptions,
  health,
  type ReadinessCheck,
  runCheck,
} from './health/index.ts';
export { type BodyLimitOptions, bodyLimit, defaultBodyLimitBytes } from './middleware/body-limit/index.ts';
export {
  type ContentTypeOptions,
  contentType,
  declaresBody,
  defaultAcceptedContentTypes,
} from './middleware/content-type/index.ts';
export { isAcceptedMediaType, type MediaType, parseMediaType } from './middleware/content-type/media-type.ts';
export { type MethodNotAllowedOptions, methodNotAllowed } from './middleware/method-not-allowed/index.ts';
export { type ProblemBoundaryOptions, problemBoundary } from './middleware/problem-boundary/index.ts';
export {
  generateRequestId,
  isAcceptableRequestId,
  type RequestIdOptions,
  requestId,
} from './middleware/request-id/index.ts';
export { type RequestLoggerOptions, requestLogger } from './middleware/request-logger/index.ts';
export {
  type ContentSecurityPolicy,
  defaultContentSecurityPolicy,
  type SecurityHeadersOptions,
  securityHeaders,
} from './middleware/security-headers/index.ts';
export { type ShutdownGuardOptions, shutdownGuard } from './middleware/shutdown-guard/index.ts';
export { type TraceContextOptions, traceContext } from './middleware/trace-context/index.ts';
export {
  formatTraceparent,
  type ParsedTraceparent,
  parseTraceparent,
  randomHexId,
  type TraceContext,
} from './middleware/trace-context/traceparent.ts';
export {
  createProblemResponder,
  defaultLanguage,
  describeIssues,
  maxValidationErrors,
  negotiateLanguage,
  type ProblemResponder,
  type ProblemResponderOptions,
  type Translation,
  translateError,
  type ValidationErrorItem,
} from './problems/index.ts';
export { readJson } from './read-json.ts';
