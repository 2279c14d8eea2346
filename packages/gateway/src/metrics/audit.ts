import { BryggaError } from '@brygga/contract';
import { labelValue } from './labels.ts';
import type { Metrics } from './registry.ts';

/**
 * Wraps an append function (`AuditLog.append`, bound) to time it into `brygga_audit_append_duration_seconds` and
 * count its failures into `brygga_audit_write_failures_total{reason}` (the error's stable code, else `other`). The
 * result and the error pass through unchanged.
 *
 * @example
 * const append = auditObserver(metrics, auditLog.append.bind(auditLog));
 */
export function auditObserver<A extends unknown[], R>(
  metrics: Metrics,
  append: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async function observedAppend(...args) {
    const started = performance.now();
    try {
      const receipt = await append(...args);
      metrics.auditAppendDuration.observe((performance.now() - started) / 1000);
      return receipt;
    } catch (error) {
      metrics.auditWriteFailures.inc({ reason: BryggaError.is(error) ? labelValue(error.code) : 'other' });
      throw error;
    }
  };
}
