import { createMetrics, type Metrics, recordContractCall } from '@brygga/gateway/metrics';
import type { ResultRow } from '../lib/table.ts';

// The bound: a scrape of /metrics must cost under 5 ms while the gateway is busy.
const targetP99Ms = 5;
const eServices = 20;
const versions = 5;
const operations = ['createCase', 'getCase', 'listMyCases', 'addSupplement'] as const;
const outcomes = ['ok', 'operation_error', 'bad_gateway', 'gateway_timeout'] as const;
const routes = [
  '/v1/contracts/:contract/*',
  '/health/live',
  '/health/ready',
  '/reference/:contract',
  '/metrics',
];
// Bounds the background load, whatever --runs says.
const maxLoadMs = 10_000;

/** One contract call with every label set from the realistic grid, so every series exists before scraping. */
function populate(metrics: Metrics): number {
  let series = 0;
  for (let e = 0; e < eServices; e += 1) {
    for (let v = 0; v < versions; v += 1) {
      for (const operation of operations) {
        for (const outcome of outcomes) {
          recordContractCall(metrics, callOf(e, v, operation, outcome, 1 + ((e + v) % 400)));
          series += 1;
        }
      }
    }
  }
  for (const route of routes) {
    for (const status of [200, 404, 502]) {
      metrics.httpRequests.inc({ method: 'GET', route, status_class: `${Math.floor(status / 100)}xx` });
      metrics.httpDuration.observe(
        { method: 'GET', route, status_class: `${Math.floor(status / 100)}xx` },
        0.01,
      );
    }
  }
  metrics.auditAppendDuration.observe(0.004);
  return series;
}

function callOf(e: number, v: number, operationId: string, outcome: string, durationMs: number) {
  return {
    eServiceId: `e-tjanst-${e}`,
    businessSystem: `verksamhetssystem-${e % 4}`,
    contract: 'case-management',
    version: `2026-0${v + 1}-15`,
    operationId,
    purposeId: 'bench',
    citizen: undefined,
    touchesPersonalData: false,
    outcome:
      outcome === 'ok' ? { status: 'success' as const } : { status: 'failure' as const, problem: outcome },
    requestId: 'bench',
    traceId: '0af7651916cd43dd8448eb211c80319c',
    durationMs,
  };
}

/**
 * The cost of one scrape: generating the /metrics exposition with 20 e-services × 5 versions × 4 operations × 4
 * outcomes of contract-call series (counter and histogram), HTTP series and Node's default metrics, while a
 * background load keeps recording calls (batches of 200 updates between scrapes, as a busy gateway would).
 * In-process: the figure is prom-client's rendering, not the network.
 */
export async function metrics(runs: number): Promise<ResultRow[]> {
  const registry = createMetrics();
  const series = populate(registry);
  let stop = false;
  let updates = 0;
  const load = (async () => {
    const deadline = performance.now() + maxLoadMs;
    while (!stop && performance.now() < deadline) {
      for (let i = 0; i < 200; i += 1) {
        const n = updates + i;
        recordContractCall(
          registry,
          callOf(
            n % eServices,
            n % versions,
            operations[n % 4] as string,
            outcomes[n % 4] as string,
            n % 900,
          ),
        );
      }
      updates += 200;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();

  let bytes = 0;
  for (let i = 0; i < 20; i += 1) bytes = (await registry.render()).length; // warm-up: JIT
  const samples: number[] = [];
  // At least 200 scrapes, so the p99 is a percentile (the 198th of 200) and not simply the slowest scrape of 50.
  const scrapes = Math.max(200, runs * 10);
  for (let i = 0; i < scrapes; i += 1) {
    const started = performance.now();
    await registry.render();
    samples.push(performance.now() - started);
    await new Promise((resolve) => setImmediate(resolve));
  }
  stop = true;
  await load;

  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  const p99 = at(0.99);
  return [
    {
      benchmark: 'metrics',
      metric: `scrape /metrics under load: ${series} contract series, ${Math.round(bytes / 1024)} KiB, ${updates} updates meanwhile; p99 ${p99.toFixed(2)} ms, slowest ${at(1).toFixed(2)} ms`,
      n: sorted.length,
      median: `${at(0.5).toFixed(2)} ms`,
      p90: `${at(0.9).toFixed(2)} ms`,
      target: `p99 < ${targetP99Ms} ms`,
      met: p99 < targetP99Ms,
    },
  ];
}
