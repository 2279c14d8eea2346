import {
  ApiError,
  AuthenticationError,
  type BryggaApiError,
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  type ProblemDocument,
  RateLimitError,
  VersionSunsetError,
} from './errors.ts';

const byStatus: Readonly<Record<number, typeof BryggaApiError>> = {
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  409: ConflictError,
  410: VersionSunsetError,
  429: RateLimitError,
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The typed error for a failed response, from its status, headers and body text. The class follows the status
 * (and `version_sunset` whatever the status); the code, title and request id come from the problem document.
 * A body that is not a problem document (`application/problem+json`) gives `unexpected_response`: something
 * other than the gateway answered.
 */
export function errorFromResponse(status: number, headers: Headers, body: string): BryggaApiError {
  let problem: ProblemDocument | undefined;
  // Only the gateway's problem documents are read: other JSON (a proxy's, a load balancer's) is not its word.
  if (/^\s*application\/problem\+json\s*(;|$)/i.test(headers.get('content-type') ?? '')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) problem = parsed as ProblemDocument;
    } catch {
      // not JSON: described by status alone
    }
  }
  const code = text(problem?.code) ?? 'unexpected_response';
  const ErrorClass =
    code === 'version_sunset'
      ? VersionSunsetError
      : (byStatus[status] ?? (status >= 400 && status < 500 ? InvalidRequestError : ApiError));
  return new ErrorClass({
    code,
    status,
    title: text(problem?.title) ?? `HTTP ${status}`,
    detail: text(problem?.detail),
    requestId: text(problem?.requestId) ?? headers.get('x-request-id') ?? undefined,
    problem,
    headers,
  });
}
