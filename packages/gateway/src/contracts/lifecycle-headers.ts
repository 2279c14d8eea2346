import type { VersionStatus } from '@brygga/contract';

export interface LifecycleLinks {
  /** A page that says what replaces the version and how to move (RFC 9745 `rel="deprecation"`). */
  readonly deprecation: string;
  /** A page about the retirement (RFC 8594 `rel="sunset"`). */
  readonly sunset: string;
}

/**
 * The lifecycle headers of a response served at a version: RFC 9745 `Deprecation: @<epoch seconds>` and
 * RFC 8594 `Sunset: <HTTP-date>`, each with its `Link`. They are sent as soon as the dates are set, also before
 * they arrive (both RFCs allow a future date), so callers hear of a retirement while there is time to move.
 * Empty for a version with no planned end. Pure.
 */
export function lifecycleHeaders(status: VersionStatus, links: LifecycleLinks): Record<string, string> {
  const headers: Record<string, string> = {};
  const link: string[] = [];
  if (status.deprecatedAt !== undefined) {
    headers.Deprecation = `@${Math.floor(status.deprecatedAt / 1000)}`;
    link.push(`<${links.deprecation}>; rel="deprecation"; type="text/html"`);
  }
  if (status.sunsetAt !== undefined) {
    headers.Sunset = new Date(status.sunsetAt).toUTCString();
    link.push(`<${links.sunset}>; rel="sunset"; type="text/html"`);
  }
  if (link.length > 0) headers.Link = link.join(', ');
  return headers;
}
