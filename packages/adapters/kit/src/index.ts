export {
  type ConformanceExample,
  type ConformanceOptions,
  type ConformanceReport,
  type ConformanceResult,
  runConformance,
} from './conformance/run.ts';
export {
  type AdapterDefinition,
  type AdapterHandlers,
  defineAdapter,
  type TypedHandler,
} from './define-adapter.ts';
export { type BusinessDispatcher, createDispatcher, type DispatcherOptions } from './dispatcher.ts';
export { CircuitOpenError, TokenRequestError } from './errors.ts';
export { apiKeyHeader, bearer } from './interceptors/auth.ts';
export { backoffDelay, retryAfterMs } from './interceptors/backoff.ts';
export {
  type BreakerOptions,
  type BreakerState,
  type CircuitBreakerInterceptor,
  circuitBreaker,
} from './interceptors/circuit-breaker.ts';
export { type MutualTlsOptions, mutualTls } from './interceptors/mutual-tls.ts';
export {
  type ClientCredentialsInterceptor,
  type ClientCredentialsOptions,
  oauthClientCredentials,
} from './interceptors/oauth.ts';
export {
  type AttemptOutcome,
  defaultRetryOn,
  isRetryable,
  type RetryOptions,
  retry,
} from './interceptors/retry.ts';
export { type TimeoutOptions, timeout } from './interceptors/timeout.ts';
export { traceparent } from './interceptors/traceparent.ts';
export type { Interceptor } from './interceptors/types.ts';
export { type RemoteAdapter, type RemoteAdapterOptions, remoteAdapter } from './remote/client.ts';
export { RemoteAdapterError, type RemoteAdapterFailure } from './remote/errors.ts';
export { type ListenAdapterOptions, listenAdapter, type RunningAdapterService } from './remote/listen.ts';
export {
  checkEnvelope,
  type EnvelopeContext,
  envelopeSchema,
  type OperationEnvelope,
  paths as remoteAdapterPaths,
  type RemoteManifest,
} from './remote/protocol.ts';
export { type ServeAdapterOptions, serveAdapter } from './remote/serve.ts';
