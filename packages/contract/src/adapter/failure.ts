import { BryggaError } from '../errors/brygga-error.ts';

/** What a caller is answered when an adapter fails without a declared error case. */
export type AdapterFailureCode = 'bad_gateway' | 'service_unavailable' | 'gateway_timeout';

const byStatus: Readonly<Record<number, AdapterFailureCode>> = {
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/**
 * The stable code for anything an adapter throws other than an `OperationError`: the business system's failure,
 * never the caller's. An open circuit breaker (the kit's `CircuitOpenError`) is `service_unavailable`: nothing was
 * sent, and it passes once the system is back. An error that names the answer it calls for, through a `status` of
 * 502, 503 or 504 (the case-management adapter's `BusinessSystemError`, say) or as a `BryggaError` with one of
 * those three codes, gets it. Everything else is `bad_gateway`.
 */
export function adapterFailureCode(cause: unknown): AdapterFailureCode {
  if (typeof cause !== 'object' || cause === null) return 'bad_gateway';
  if (BryggaError.is(cause)) {
    const code: string = cause.code;
    return code === 'service_unavailable' || code === 'gateway_timeout' ? code : 'bad_gateway';
  }
  const { code, status } = cause as { code?: unknown; status?: unknown };
  if (code === 'BRYGGA_CIRCUIT_OPEN') return 'service_unavailable';
  return (typeof status === 'number' ? byStatus[status] : undefined) ?? 'bad_gateway';
}
