import type { ProcessedCall } from '../contracts/routes.ts';
import { labelValue } from './labels.ts';
import type { Metrics } from './registry.ts';

/** Problem codes that mean the business system (or its adapter) failed, not the caller. */
const businessSystemFailures = new Set(['bad_gateway', 'gateway_timeout']);

/** A processed call, with how long the adapter took when the contracts runtime measured it. */
export type ObservedCall = ProcessedCall & { readonly durationMs?: number | undefined };

/**
 * Records a contract call in the contract-call metrics, shaped as the contracts runtime's `onProcessed` hook so it
 * composes with the audit hook: `onProcessed: contractCallObserver(metrics, auditHook)`. The metrics are recorded
 * first and never throw; then `next` runs and its rejection (an audit failure) reaches the caller unchanged.
 * The duration histogram is observed only when the call carries `durationMs`; nothing is guessed.
 */
export function contractCallObserver(
  metrics: Metrics,
  next?: (call: ProcessedCall) => Promise<void>,
): (call: ObservedCall) => Promise<void> {
  return async function observeContractCall(call) {
    recordContractCall(metrics, call);
    await next?.(call);
  };
}

/** The recording itself, synchronous; label values are sanitised (the citizen is never read). */
export function recordContractCall(metrics: Metrics, call: ObservedCall): void {
  const outcome = call.outcome.status === 'success' ? 'ok' : call.outcome.problem;
  const labels = {
    e_service: labelValue(call.eServiceId),
    contract: labelValue(call.contract),
    version: labelValue(call.version),
    operation: labelValue(call.operationId),
    business_system: labelValue(call.businessSystem),
    outcome: labelValue(outcome),
  };
  metrics.contractCalls.inc(labels);
  if (call.durationMs !== undefined && Number.isFinite(call.durationMs) && call.durationMs >= 0) {
    metrics.contractDuration.observe(
      {
        contract: labels.contract,
        operation: labels.operation,
        business_system: labels.business_system,
        outcome: outcome === 'ok' ? 'ok' : 'failure',
      },
      call.durationMs / 1000,
    );
  }
  if (businessSystemFailures.has(outcome)) {
    metrics.businessSystemErrors.inc({
      business_system: labels.business_system,
      contract: labels.contract,
      reason: outcome,
    });
  }
}
