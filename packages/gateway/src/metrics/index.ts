// Prometheus metrics and the e-service owners' usage summary (issue 8, part 4).
export { auditObserver } from './audit.ts';
export { contractCallObserver, type ObservedCall, recordContractCall } from './contract-calls.ts';
export { metricsMiddleware } from './http.ts';
export {
  allowedLabels,
  cleanLabels,
  labelValue,
  type MetricLabel,
  methodLabel,
  otherLabel,
  routeLabel,
  statusClass,
} from './labels.ts';
export {
  type ContractCallLabel,
  type ContractDurationLabel,
  type CreateMetricsOptions,
  createMetrics,
  type GaugeSample,
  type GaugeSpec,
  type Metrics,
} from './registry.ts';
export { type MetricsRouteOptions, metricsRoute } from './route.ts';
export {
  formatOwnerSummary,
  type OwnerSummaryLine,
  type OwnerSummaryOptions,
  summariseForOwners,
} from './usage-summary.ts';
