import { BryggaError } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import type { ProcessedCall } from '../contracts/routes.ts';
import { createApp } from '../http/index.ts';
import { auditObserver } from './audit.ts';
import { contractCallObserver } from './contract-calls.ts';
import { metricsMiddleware } from './http.ts';
import { createMetrics, type Metrics } from './registry.ts';
import { metricsRoute } from './route.ts';

const personnummer = '199001011234';

const call = (overrides: Partial<ProcessedCall> & { durationMs?: number } = {}) => ({
  eServiceId: 'bygglov-ansokan',
  businessSystem: 'arende',
  contract: 'case-management',
  version: '2026-01-15',
  operationId: 'createCase',
  purposeId: 'handlagga-bygglov',
  citizen: { personalIdentityNumber: personnummer },
  touchesPersonalData: true,
  outcome: { status: 'success' } as ProcessedCall['outcome'],
  requestId: 'r1',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  ...overrides,
});

/** Every label value of every series in an exposition. */
function labelValues(exposition: string): string[] {
  return [...exposition.matchAll(/[{,]\w+="((?:[^"\\]|\\.)*)"/g)].map((match) => match[1] as string);
}

function appWith(metrics: Metrics, token?: string) {
  const app = createApp({
    logger: captureLogs().logger,
    bodyLimitBytes: 16,
    instrumentation: [metricsMiddleware(metrics)],
  });
  app.get('/cases/:id', (c) => c.json({ id: c.req.param('id') }));
  app.get('/boom', () => {
    throw new BryggaError('bad_gateway');
  });
  app.route('/', metricsRoute(metrics, { token }));
  return app;
}

describe('HTTP metrics', () => {
  it('labels requests by route pattern and status class, never by the raw path', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const app = appWith(metrics);
    expect((await app.request(`/cases/${personnummer}`)).status).toBe(200);
    expect((await app.request('/cases/19900101-1234')).status).toBe(200);
    expect((await app.request('/boom')).status).toBe(502);
    expect((await app.request(`/nothing/${personnummer}`)).status).toBe(404);
    const text = await metrics.render();
    expect(text).toContain(
      'brygga_http_requests_total{method="GET",route="/cases/:id",status_class="2xx"} 2',
    );
    expect(text).toContain('brygga_http_requests_total{method="GET",route="/boom",status_class="5xx"} 1');
    expect(text).toContain('brygga_http_requests_total{method="GET",route="other",status_class="4xx"} 1');
    expect(text).toMatch(
      /brygga_http_request_duration_seconds_count\{method="GET",route="\/cases\/:id",status_class="2xx"\} 2/,
    );
    expect(text).not.toMatch(/19900101|9001011234/);
  });

  it('counts requests the app chain refuses before any route, such as a 413 over the body limit', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const app = appWith(metrics);
    app.post('/cases', (c) => c.json({ ok: true }, 201));
    const body = JSON.stringify({ text: 'x'.repeat(64) });
    const tooBig = await app.request('/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    expect(tooBig.status).toBe(413);
    const wrongType = await app.request('/cases', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(wrongType.status).toBe(415);
    const text = await metrics.render();
    expect(text).toMatch(/brygga_http_requests_total\{method="POST",route="[^"]*",status_class="4xx"\} 2/);
  });
});

describe('contract call metrics', () => {
  it('counts calls by e-service, contract, version, operation, business system and outcome, then runs the audit hook', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const audited: ProcessedCall[] = [];
    const observe = contractCallObserver(metrics, async (processed) => {
      audited.push(processed);
    });
    await observe(call({ durationMs: 42 }));
    await observe(call({ outcome: { status: 'failure', problem: 'gateway_timeout' } }));
    await observe(call({ operationId: 'getCase', outcome: { status: 'failure', problem: 'bad_gateway' } }));
    expect(audited).toHaveLength(3);
    // A scrape between increments must not freeze the values (label formatting is cached, counts are not).
    expect(await metrics.render()).toContain('outcome="ok"} 1');
    await observe(call({ durationMs: 8 }));
    const text = await metrics.render();
    const labels =
      'e_service="bygglov-ansokan",contract="case-management",version="2026-01-15",operation="createCase",business_system="arende"';
    expect(text).toContain(`brygga_contract_calls_total{${labels},outcome="ok"} 2`);
    expect(text).toContain(`brygga_contract_calls_total{${labels},outcome="gateway_timeout"} 1`);
    // Only the call that carried a duration is in the histogram, by business system and operation, ok or not.
    const timed = 'contract="case-management",operation="createCase",business_system="arende"';
    expect(text).toContain(`brygga_contract_call_duration_seconds_sum{${timed},outcome="ok"} 0.05`);
    expect(text).toContain(`brygga_contract_call_duration_seconds_count{${timed},outcome="ok"} 2`);
    expect(text).not.toContain(
      'brygga_contract_call_duration_seconds_count{contract="case-management",operation="createCase",business_system="arende",outcome="failure"}',
    );
    expect(text).toContain(
      'brygga_business_system_errors_total{business_system="arende",contract="case-management",reason="gateway_timeout"} 1',
    );
    expect(text).toContain(
      'brygga_business_system_errors_total{business_system="arende",contract="case-management",reason="bad_gateway"} 1',
    );
  });

  it('lets the audit hook’s failure reach the caller, after counting the call', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const observe = contractCallObserver(metrics, () =>
      Promise.reject(new BryggaError('service_unavailable')),
    );
    await expect(observe(call())).rejects.toMatchObject({ code: 'service_unavailable' });
    expect(await metrics.render()).toContain('outcome="ok"} 1');
  });

  it('puts no personnummer in any label even when every input carries one', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const observe = contractCallObserver(metrics);
    await observe(
      call({
        eServiceId: personnummer,
        businessSystem: `arende-${personnummer}`,
        contract: '19900101-1234',
        version: '900101-1234',
        operationId: '9001011234',
        outcome: { status: 'failure', problem: `x${personnummer}` },
        durationMs: 5,
      }),
    );
    metrics.registerGauge({
      name: 'brygga_outbox_depth',
      help: 'Messages waiting.',
      labelNames: ['business_system'],
      read: () => [{ labels: { business_system: personnummer }, value: 3 }],
    });
    const app = appWith(metrics);
    await app.request(`/cases/${personnummer}`);
    const text = await metrics.render();
    expect(text).toContain(
      'brygga_contract_calls_total{e_service="other",contract="other",version="other",operation="other",business_system="other",outcome="other"} 1',
    );
    expect(text).toContain('brygga_outbox_depth{business_system="other"} 3');
    for (const value of labelValues(text)) {
      expect(value).not.toMatch(/(?<!\d)(?:\d{8}|\d{6})[-+ ]?\d{4}(?!\d)/);
    }
    expect(text).not.toMatch(/(?<!\d)(?:\d{8}|\d{6})[-+ ]?\d{4}(?!\d)/);
  });
});

describe('audit observer', () => {
  it('times appends and counts failures by their stable code, passing results and errors through', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let fail = false;
    const append = auditObserver(metrics, async (record: { id: number }) => {
      if (fail) throw new BryggaError('service_unavailable');
      return { seq: record.id };
    });
    expect(await append({ id: 7 })).toEqual({ seq: 7 });
    fail = true;
    await expect(append({ id: 8 })).rejects.toMatchObject({ code: 'service_unavailable' });
    const text = await metrics.render();
    expect(text).toContain('brygga_audit_append_duration_seconds_count 1');
    expect(text).toContain('brygga_audit_write_failures_total{reason="service_unavailable"} 1');
  });
});

describe('registerGauge', () => {
  it('reads values at scrape time and shows only what the owning module reports', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let states: { business_system: string; state: string; value: number }[] = [
      { business_system: 'arende', state: 'closed', value: 1 },
      { business_system: 'arende', state: 'open', value: 0 },
    ];
    metrics.registerGauge({
      name: 'brygga_breaker_state',
      help: 'Circuit breaker state per business system (1 = current state).',
      labelNames: ['business_system', 'state'],
      read: () => states.map(({ value, ...labels }) => ({ labels, value })),
    });
    expect(await metrics.render()).toContain(
      'brygga_breaker_state{business_system="arende",state="closed"} 1',
    );
    states = [{ business_system: 'arende', state: 'open', value: 1 }];
    const text = await metrics.render();
    expect(text).toContain('brygga_breaker_state{business_system="arende",state="open"} 1');
    expect(text).not.toContain('state="closed"');
  });

  it('refuses names outside brygga_, duplicates and labels outside the allowlist', () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const spec = { help: 'h', read: () => [] };
    expect(() => metrics.registerGauge({ ...spec, name: 'outbox_depth', labelNames: [] })).toThrow(/brygga_/);
    expect(() =>
      metrics.registerGauge({ ...spec, name: 'brygga_x', labelNames: ['citizen' as 'state'] }),
    ).toThrow(/allowlist/);
    expect(() =>
      metrics.registerGauge({ ...spec, name: 'brygga_http_requests_total', labelNames: [] }),
    ).toThrow(/already registered/);
  });
});

describe('GET /metrics', () => {
  it('serves the Prometheus text format with every series and the default process metrics', async () => {
    const metrics = createMetrics();
    await contractCallObserver(metrics)(call());
    const response = await appWith(metrics).request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      'brygga_http_requests_total',
      'brygga_http_request_duration_seconds',
      'brygga_contract_calls_total',
      'brygga_contract_call_duration_seconds',
      'brygga_business_system_errors_total',
      'brygga_audit_append_duration_seconds',
      'brygga_audit_write_failures_total',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // The gauges that have no owner yet are not invented.
    expect(text).not.toMatch(/breaker|outbox/);
  });

  it('asks for the bearer token when one is configured, with a problem document', async () => {
    const app = appWith(createMetrics({ defaultMetrics: false }), 'scrape-secret-123');
    const missing = await app.request('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="brygga-metrics"');
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect((await app.request('/metrics', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await app.request('/metrics', { headers: { Authorization: 'Bearer scrape-secret-123' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('brygga_http_requests_total');
  });
});
