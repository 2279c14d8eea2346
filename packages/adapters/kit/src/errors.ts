/** The circuit breaker of a business system is open: the call failed fast, nothing was sent. */
export class CircuitOpenError extends Error {
  readonly code = 'BRYGGA_CIRCUIT_OPEN';
  readonly breaker: string;

  constructor(breaker: string) {
    super(`The circuit breaker "${breaker}" is open; the business system is not called until it recovers.`);
    this.name = 'CircuitOpenError';
    this.breaker = breaker;
  }
}

/**
 * The OAuth token endpoint did not issue a token. The message carries the endpoint's status only: its body may
 * echo the client secret or describe the client, and never reaches a log.
 */
export class TokenRequestError extends Error {
  readonly code = 'BRYGGA_TOKEN_REQUEST_FAILED';
  readonly status: number | undefined;

  constructor(status: number | undefined, options: { cause?: unknown } = {}) {
    super(
      status === undefined
        ? 'The OAuth token endpoint could not be reached.'
        : `The OAuth token endpoint answered ${status} without a usable access token.`,
      options,
    );
    this.name = 'TokenRequestError';
    this.status = status;
  }
}
