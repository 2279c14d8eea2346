export type RemoteAdapterFailure =
  /** No answer: connection refused or reset, a time limit, an open breaker (see `cause`). */
  | 'unreachable'
  /** An answer outside the protocol: a status other than 200/422, or a body that is not the expected JSON. */
  | 'bad_answer'
  /** The manifest is missing, malformed, or for another contract, head or set of operations. */
  | 'incompatible';

/**
 * A remote adapter did not give a usable answer. The message says what kind of failure it was and, for an answer,
 * its status; never the body, which may hold personal data, so the error is safe to log.
 */
export class RemoteAdapterError extends Error {
  readonly code = 'BRYGGA_REMOTE_ADAPTER_FAILED';
  readonly failure: RemoteAdapterFailure;
  /** The HTTP status of the remote's answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    failure: RemoteAdapterFailure,
    message: string,
    options: { status?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'RemoteAdapterError';
    this.failure = failure;
    this.status = options.status;
  }
}
