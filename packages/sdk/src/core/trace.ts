const valid = /^[\da-f]{2}-(?!0{32})[\da-f]{32}-(?!0{16})[\da-f]{16}-[\da-f]{2}$/;

/** True for a well-formed W3C Trace Context `traceparent` (version `ff` is forbidden by the spec). Pure. */
export function isTraceparent(value: string | undefined): value is string {
  return value !== undefined && valid.test(value) && !value.startsWith('ff');
}

/** A new sampled root `traceparent` (version 00), from Web Crypto so it runs in browsers too. */
export function newTraceparent(): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(24)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `00-${hex.slice(0, 32)}-${hex.slice(32)}-01`;
}
