import { type ErrorCode, errorCatalogue } from './codes.ts';

export interface BryggaErrorOptions {
  /** Plain-language detail safe to show a person. Never put request data or personal data here. */
  readonly detail?: string;
  /** Machine-readable extras for the problem document (for example a list of invalid field paths). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Extra response headers the boundary should send, such as `Allow` or `Retry-After`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

const brand = Symbol.for('brygga.error');

/**
 * The one error type Brygga code throws on purpose. Lower-level failures are wrapped into it once, at the
 * boundary where they are understood, with the original kept as `cause` (for logs, never for responses).
 */
export class BryggaError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, options: BryggaErrorOptions = {}) {
    super(options.detail ?? errorCatalogue[code].title.en, { cause: options.cause });
    this.name = 'BryggaError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.detail = options.detail;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
    Object.defineProperty(this, brand, { value: true });
  }

  /** Works across duplicate installs of this package, where `instanceof` would not. */
  static is(value: unknown): value is BryggaError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
