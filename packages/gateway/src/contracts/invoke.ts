import {
  type AdapterContext,
  type Contract,
  type ErrorCase,
  type Issue,
  type Localised,
  OperationError,
  type OperationHandler,
  type RequestValue,
  translateErrorCode,
  translateResponse,
  untilAborted,
} from '@brygga/contract';

export interface InvokeInput {
  readonly contract: Contract;
  /** The caller's version: the response is translated down to it. */
  readonly version: string;
  readonly operationId: string;
  /** Already validated and migrated to the head. */
  readonly request: RequestValue;
  readonly handler: OperationHandler;
  readonly context: Omit<AdapterContext, 'signal'>;
  /** The business system's time limit for the whole call. */
  readonly timeoutMs: number;
  /** Aborts when the caller goes away. */
  readonly callerSignal?: AbortSignal | undefined;
}

export type InvokeOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body: unknown }
  /** A declared error case, translated to the caller's version. */
  | {
      readonly kind: 'operation_error';
      readonly code: string;
      readonly errorCase: ErrorCase;
      readonly detail: Localised | undefined;
    }
  /** The adapter's answer breaks the head contract: a body the head schema rejects, or an undeclared error code. */
  | { readonly kind: 'bad_response'; readonly issues: readonly Issue[]; readonly undeclaredCode?: string }
  | { readonly kind: 'failed'; readonly cause: unknown }
  /**
   * The adapter answered within the head contract, but a version change could not translate the answer down to
   * the caller's version (a `ContractMigrationError`: a bug in the contract). The business system has
   * acted, so the call is still audited and counted; the caller gets a 500.
   */
  | { readonly kind: 'translation_failed'; readonly cause: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled' };

class Deadline extends Error {}

/**
 * Hands a head request to an adapter and turns whatever happens into an outcome: the response translated down to
 * the caller's version (with the context's citizen, which older versions may show back), a declared error case, a broken answer, a failure, a timeout. The time limit is enforced
 * here too, not only through the signal, so an adapter that ignores its signal still cannot hold a caller past it.
 * A version change that fails while translating the answer is a bug in the contract: `translation_failed`, returned
 * rather than thrown, since the business system has already acted and the call must still be audited.
 */
export async function invokeOperation(input: InvokeInput): Promise<InvokeOutcome> {
  // One controller for both ends (the time limit, the caller leaving), aborted by whichever comes first, rather
  // than AbortSignal.any over two: the same signal for the adapter, without a composite signal per call. A timer
  // cleared when the call ends, rather than AbortSignal.timeout, so finished calls leave none behind.
  const controller = new AbortController();
  const { signal } = controller;
  const { callerSignal } = input;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The business system did not answer in time.', 'TimeoutError'));
  }, input.timeoutMs);
  const callerLeft = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) callerLeft();
  else callerSignal?.addEventListener('abort', callerLeft, { once: true });
  let result: Awaited<ReturnType<OperationHandler>>;
  try {
    result = await untilAborted(
      input.handler(input.request, { ...input.context, signal }),
      signal,
      () => new Deadline(),
    );
  } catch (error) {
    if (timedOut) return { kind: 'timeout' };
    if (callerSignal?.aborted) return { kind: 'cancelled' };
    if (OperationError.is(error)) return operationError(input, error);
    return { kind: 'failed', cause: error };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', callerLeft);
  }
  const headOperation = input.contract.head.operations.get(input.operationId);
  let translated: ReturnType<typeof translateResponse>;
  try {
    translated = translateResponse(input.contract, input.version, input.operationId, result?.body, {
      citizen: input.context.citizen,
    });
  } catch (cause) {
    return { kind: 'translation_failed', cause };
  }
  if (!translated.ok) return { kind: 'bad_response', issues: translated.issues };
  const status = result?.status !== undefined && isSuccess(result.status) ? result.status : undefined;
  return { kind: 'ok', status: status ?? headOperation?.response.status ?? 200, body: translated.value };
}

function operationError(input: InvokeInput, error: OperationError): InvokeOutcome {
  const { contract, version, operationId } = input;
  const declared = contract.head.operations.get(operationId)?.errors[error.code];
  if (!declared) return { kind: 'bad_response', issues: [], undeclaredCode: error.code };
  const code = translateErrorCode(contract, version, operationId, error.code);
  const errorCase = contract.operation(version, operationId)?.errors[code] ?? declared;
  return { kind: 'operation_error', code, errorCase, detail: error.detail };
}

const isSuccess = (status: number) => Number.isInteger(status) && status >= 200 && status <= 299;
