/**
 * Waits for `work`, but no longer than `signal` allows: rejects with `reason()` (by default the signal's reason)
 * as soon as it aborts, and stops listening once `work` settles, so a long-lived signal collects no listeners.
 * `work` itself is not cancelled: it may be shared with other callers, or cancel itself through the same signal.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  reason: () => unknown = () => signal.reason,
): Promise<T> {
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
