/** A `Content-Type` value split into its essence (`type/subtype`) and parameters, lowercased. */
export interface MediaType {
  readonly essence: string;
  readonly parameters: ReadonlyMap<string, string>;
}

const token = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** Parses a media type (RFC 9110 §8.3.1); `undefined` when it is not one. Pure. */
export function parseMediaType(value: string): MediaType | undefined {
  const [essenceRaw = '', ...parameterParts] = value.split(';');
  const essence = essenceRaw.trim().toLowerCase();
  const [type, subtype, ...rest] = essence.split('/');
  if (rest.length > 0 || !type || !subtype || !token.test(type) || !token.test(subtype)) return undefined;
  const parameters = new Map<string, string>();
  for (const part of parameterParts) {
    if (part.trim() === '') continue;
    const separator = part.indexOf('=');
    if (separator === -1) return undefined;
    const name = part.slice(0, separator).trim().toLowerCase();
    let parameterValue = part.slice(separator + 1).trim();
    if (parameterValue.startsWith('"') && parameterValue.endsWith('"') && parameterValue.length >= 2) {
      parameterValue = parameterValue.slice(1, -1);
    }
    if (!token.test(name)) return undefined;
    parameters.set(name, parameterValue.toLowerCase());
  }
  return { essence, parameters };
}

/**
 * Whether a request's media type is one of `accepted` (essences like `application/json`). The only
 * parameter allowed is `charset=utf-8`: JSON is UTF-8 (RFC 8259), and an unknown parameter may change
 * how the body should be read. Pure.
 */
export function isAcceptedMediaType(value: string, accepted: readonly string[]): boolean {
  const mediaType = parseMediaType(value);
  if (mediaType === undefined || !accepted.includes(mediaType.essence)) return false;
  for (const [name, parameterValue] of mediaType.parameters) {
    if (name !== 'charset' || parameterValue !== 'utf-8') return false;
  }
  return true;
}
