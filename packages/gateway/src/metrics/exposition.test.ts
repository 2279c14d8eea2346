import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { recordContractCall } from './contract-calls.ts';
import { createMetrics } from './registry.ts';

const call = (eServiceId: string, operationId: string, problem: string | undefined, durationMs?: number) => ({
  eServiceId,
  businessSystem: 'arende',
  contract: 'case-management',
  version: '2026-01-15',
  operationId,
  purposeId: 'handlagga-bygglov',
  citizen: undefined,
  touchesPersonalData: false,
  outcome: problem === undefined ? { status: 'success' as const } : { status: 'failure' as const, problem },
  requestId: 'r1',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  ...(durationMs === undefined ? {} : { durationMs }),
});

describe('the exposition written by Brygga’s own metrics', () => {
  it('is byte for byte what prom-client writes, before and after series appear and change', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    // Metrics registered by other modules (the outbox's counter, gauges) go through prom-client in the same page.
    const outside = new Counter({
      name: 'brygga_outside_total',
      help: 'A counter another module owns.',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    metrics.registerGauge({
      name: 'brygga_outbox_depth',
      help: 'Depth.',
      labelNames: ['state'],
      read: () => [{ labels: { state: 'pending' }, value: 3 }],
    });
    // Empty: label-less histograms and counters still print their zero series, labelled ones only HELP and TYPE.
    expect(await metrics.render()).toBe(await metrics.registry.metrics());

    recordContractCall(metrics, call('bygglov-ansokan', 'createCase', undefined, 42));
    recordContractCall(metrics, call('bygglov-ansokan', 'createCase', 'gateway_timeout', 60_000));
    recordContractCall(metrics, call('forskola', 'getCase', 'bad_gateway', 0.3));
    metrics.httpRequests.inc({ method: 'GET', route: '/cases/:id', status_class: '2xx' });
    metrics.httpDuration.observe({ method: 'GET', route: '/cases/:id', status_class: '2xx' }, 0.0123);
    metrics.auditAppendDuration.observe(0.004);
    metrics.auditAppendDuration.observe(7);
    metrics.auditWriteFailures.inc({ reason: 'service_unavailable' });
    outside.inc({ outcome: 'delivered' });
    const first = await metrics.render();
    expect(first).toBe(await metrics.registry.metrics());
    expect(first).toContain(
      'brygga_contract_calls_total{e_service="forskola",contract="case-management",version="2026-01-15",operation="getCase",business_system="arende",outcome="bad_gateway"} 1',
    );
    expect(first).toContain('brygga_audit_append_duration_seconds_bucket{le="+Inf"} 2');

    // The label text is reused; the values never are.
    recordContractCall(metrics, call('bygglov-ansokan', 'createCase', undefined, 1.5));
    metrics.httpDuration.observe({ method: 'GET', route: '/cases/:id', status_class: '2xx' }, 0.2);
    const second = await metrics.render();
    expect(second).toBe(await metrics.registry.metrics());
    expect(second).not.toBe(first);
    expect(second).toContain(
      'brygga_contract_calls_total{e_service="bygglov-ansokan",contract="case-management",version="2026-01-15",operation="createCase",business_system="arende",outcome="ok"} 2',
    );
    expect(second).toContain(
      'brygga_http_request_duration_seconds_count{method="GET",route="/cases/:id",status_class="2xx"} 2',
    );
  });

  it('keeps Node’s default metrics in the page, in prom-client’s order', async () => {
    const metrics = createMetrics();
    metrics.httpRequests.inc({ method: 'GET', route: '/health/live', status_class: '2xx' });
    const names = (text: string) => [...text.matchAll(/^# TYPE (\S+)/gm)].map((match) => match[1]);
    const text = await metrics.render();
    expect(names(text)).toEqual(names(await metrics.registry.metrics()));
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain(
      'brygga_http_requests_total{method="GET",route="/health/live",status_class="2xx"} 1',
    );
    expect(text.endsWith('\n')).toBe(true);
  });
});
