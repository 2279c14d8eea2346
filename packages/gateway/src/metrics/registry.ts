import { type Counter, collectDefaultMetrics, Gauge, type Histogram, Registry } from 'prom-client';
import { ExposedCounter, ExposedHistogram, exposable } from './exposition.ts';
import { assertAllowedLabels, cleanLabels, type MetricLabel } from './labels.ts';

/** One value of a gauge another module owns, read at scrape time. */
export interface GaugeSample<L extends MetricLabel> {
  readonly labels: Readonly<Partial<Record<L, string>>>;
  readonly value: number;
}

/**
 * A gauge whose values live in another module (breaker states, outbox depth): `read` is called on every scrape and
 * returns the current values. Nothing is exported until the module registers, so no value is ever made up.
 */
export interface GaugeSpec<L extends MetricLabel> {
  /** `brygga_…`, snake_case, e.g. `brygga_outbox_depth`. */
  readonly name: string;
  readonly help: string;
  /** From the label allowlist (labels.ts); a name outside it throws. */
  readonly labelNames: readonly L[];
  readonly read: () => Iterable<GaugeSample<L>> | Promise<Iterable<GaugeSample<L>>>;
}

/** Brygga's Prometheus metrics, on a registry of their own (never prom-client's global one). */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status_class'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  readonly contractCalls: Counter<ContractCallLabel>;
  readonly contractDuration: Histogram<ContractDurationLabel>;
  readonly businessSystemErrors: Counter<'business_system' | 'contract' | 'reason'>;
  readonly auditAppendDuration: Histogram;
  readonly auditWriteFailures: Counter<'reason'>;
  /**
   * The hook for state owned elsewhere. Intended uses, once those modules exist:
   * `brygga_breaker_state{business_system, state}` (1 for the current state, 0 otherwise) and
   * `brygga_outbox_depth{business_system}`. Throws on a name not starting `brygga_`, on a duplicate name, or on a
   * label outside the allowlist; values are sanitised like every other label.
   */
  registerGauge<L extends MetricLabel>(spec: GaugeSpec<L>): void;
  /** The exposition in the Prometheus text format. */
  render(): Promise<string>;
  readonly contentType: string;
}

export type ContractCallLabel =
  | 'e_service'
  | 'contract'
  | 'version'
  | 'operation'
  | 'business_system'
  | 'outcome';
/**
 * The duration histogram leaves out the e-service and the version and keeps only whether the call succeeded:
 * latency belongs to the business system and operation (a version's translation costs microseconds), and each
 * histogram series costs a dozen lines per scrape. With the counter's full label set, 20 e-services × 5 versions
 * × 4 operations × 4 outcomes made a 4.5 MB exposition and a 40 ms scrape (benchmarks/suites/metrics.ts).
 */
export type ContractDurationLabel = 'contract' | 'operation' | 'business_system' | 'outcome';

const contractCallLabels = [
  'e_service',
  'contract',
  'version',
  'operation',
  'business_system',
  'outcome',
] as const satisfies readonly ContractCallLabel[];
const httpLabels = ['method', 'route', 'status_class'] as const;
const gaugeName = /^brygga_[a-z0-9_]{1,100}$/;

export interface CreateMetricsOptions {
  /** Node's process and runtime metrics (CPU, memory, event loop lag, GC). Default true. */
  readonly defaultMetrics?: boolean;
}

/**
 * Creates the gateway's metrics. Label values go through the allowlist's sanitiser in the recording helpers
 * (http.ts, contract-calls.ts, audit.ts), so nothing here takes a raw path or a free-form string.
 *
 * @example
 * const metrics = createMetrics();
 * app.use(metricsMiddleware(metrics));
 * app.route('/', metricsRoute(metrics, { token: process.env.BRYGGA_METRICS_TOKEN }));
 */
export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const httpRequests = new ExposedCounter({
    name: 'brygga_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status class.',
    labelNames: httpLabels,
    registers,
  });
  const httpDuration = new ExposedHistogram({
    name: 'brygga_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to its response, by method, route pattern and status class.',
    labelNames: httpLabels,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const contractCalls = new ExposedCounter({
    name: 'brygga_contract_calls_total',
    help: 'Contract calls that reached the adapter, by e-service, contract, version, operation, business system and outcome (ok or the problem code).',
    labelNames: contractCallLabels,
    registers,
  });
  const contractDuration = new ExposedHistogram({
    name: 'brygga_contract_call_duration_seconds',
    help: 'Time the adapter took to answer a contract call, by contract, operation, business system and outcome (ok or failure).',
    labelNames: ['contract', 'operation', 'business_system', 'outcome'] as const,
    // Business systems answer in tens of milliseconds to tens of seconds; timeouts are configured up to a minute.
    buckets: [0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const businessSystemErrors = new ExposedCounter({
    name: 'brygga_business_system_errors_total',
    help: 'Contract calls the business system failed (bad_gateway: failed or answered outside the contract; gateway_timeout).',
    labelNames: ['business_system', 'contract', 'reason'] as const,
    registers,
  });
  const auditAppendDuration = new ExposedHistogram({
    name: 'brygga_audit_append_duration_seconds',
    help: 'Time for an audit record to become durable (queued, committed and fsynced).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const auditWriteFailures = new ExposedCounter({
    name: 'brygga_audit_write_failures_total',
    help: 'Audit appends that failed; each one failed its request closed (503).',
    labelNames: ['reason'] as const,
    registers,
  });

  return {
    registry,
    httpRequests,
    httpDuration,
    contractCalls,
    contractDuration,
    businessSystemErrors,
    auditAppendDuration,
    auditWriteFailures,
    registerGauge(spec) {
      if (!gaugeName.test(spec.name)) throw new Error(`gauge name must match ${gaugeName}: ${spec.name}`);
      if (registry.getSingleMetric(spec.name))
        throw new Error(`a metric named ${spec.name} is already registered`);
      assertAllowedLabels(spec.labelNames);
      new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: spec.labelNames,
        registers,
        async collect() {
          // Values are replaced, not accumulated: a label set gone from the source disappears from the scrape.
          this.reset();
          for (const sample of await spec.read()) {
            if (Number.isFinite(sample.value)) this.set(cleanLabels(sample.labels), sample.value);
          }
        },
      });
    },
    render: () => renderRegistry(registry),
    contentType: registry.contentType,
  };
}

/**
 * The exposition of every metric in the registry, in its order and in prom-client's format: Brygga's own counters
 * and histograms write their text themselves (exposition.ts), the rest (Node's default metrics, gauges, metrics
 * other modules register) through prom-client. Collected concurrently, as `registry.metrics()` does.
 */
async function renderRegistry(registry: Registry): Promise<string> {
  const parts = await Promise.all(
    registry
      .getMetricsAsArray()
      .map((metric) => exposable(metric)?.exposition() ?? registry.getSingleMetricAsString(metric.name)),
  );
  return `${parts.join('\n\n')}\n`;
}
