/** A deprecation or a planned retirement of the pinned version, as the gateway announced it. */
export interface DeprecationNotice {
  readonly contract: string;
  readonly version: string;
  /** From RFC 9745 `Deprecation: @<seconds>`; may lie in the future (announced ahead). */
  readonly deprecatedAt: Date | undefined;
  /** From RFC 8594 `Sunset`: after it, calls at this version fail with 410 `version_sunset`. */
  readonly sunsetAt: Date | undefined;
  /** The `Link` with rel="deprecation" (or "sunset"): where the move to a newer version is explained. */
  readonly link: string | undefined;
}

/** The lifecycle headers of a response; undefined when it has neither `Deprecation` nor `Sunset`. Pure. */
export function readLifecycle(
  headers: Headers,
): Pick<DeprecationNotice, 'deprecatedAt' | 'sunsetAt' | 'link'> | undefined {
  const deprecation = headers.get('deprecation');
  const sunset = headers.get('sunset');
  if (deprecation === null && sunset === null) return undefined;
  const seconds = /^@(-?\d+)$/.exec(deprecation?.trim() ?? '')?.[1];
  const sunsetAt = sunset === null ? undefined : new Date(sunset);
  const link = /<([^>]*)>[^,]*rel="?(?:deprecation|sunset)\b/.exec(headers.get('link') ?? '')?.[1];
  return {
    deprecatedAt: seconds === undefined ? undefined : new Date(Number(seconds) * 1000),
    sunsetAt: sunsetAt && !Number.isNaN(sunsetAt.getTime()) ? sunsetAt : undefined,
    link,
  };
}

export type DeprecationListener = (notice: DeprecationNotice) => void;

// Per listener, the contract versions it has heard about: each is announced once, however many clients share
// the listener (a server may create a client per request).
const announced = new WeakMap<DeprecationListener, Set<string>>();

/** Calls `listener` with the notice unless it already heard about this contract version. */
export function announceOnce(listener: DeprecationListener, notice: DeprecationNotice): void {
  const key = `${notice.contract}@${notice.version}`;
  const seen = announced.get(listener) ?? new Set<string>();
  announced.set(listener, seen);
  if (seen.has(key)) return;
  seen.add(key);
  listener(notice);
}

/** Without a listener: one console warning per contract version and process (or page). */
export const warnDeprecation: DeprecationListener = ({ contract, version, deprecatedAt, sunsetAt, link }) => {
  const when = (date: Date) => date.toISOString().slice(0, 10);
  const parts = [
    deprecatedAt && `deprecated from ${when(deprecatedAt)}`,
    sunsetAt && `stops working on ${when(sunsetAt)}`,
  ].filter(Boolean);
  // A Deprecation or Sunset header the SDK could not read still says the version is on its way out.
  const what = parts.length > 0 ? parts.join(' and ') : 'deprecated';
  console.warn(
    `Brygga: ${contract} version ${version} is ${what}. Move to a newer version${link ? `: ${link}` : '.'}`,
  );
};
