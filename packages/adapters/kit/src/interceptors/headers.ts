import type { DispatchOptions } from './types.ts';

type HeaderValue = string | string[] | number | undefined;

/** Any of undici's header forms as one record with lower-case names, so a set header replaces, never doubles. */
export function headerRecord(headers: DispatchOptions['headers']): Record<string, HeaderValue> {
  const record: Record<string, HeaderValue> = {};
  if (headers == null) return record;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) record[String(headers[i]).toLowerCase()] = headers[i + 1];
    return record;
  }
  const entries =
    Symbol.iterator in headers
      ? (headers as Iterable<[string, HeaderValue]>)
      : Object.entries(headers as Record<string, HeaderValue>);
  for (const [name, value] of entries) record[name.toLowerCase()] = value;
  return record;
}

export function headerOf(opts: DispatchOptions, name: string): HeaderValue {
  return headerRecord(opts.headers)[name];
}

export function withHeader<T extends DispatchOptions>(opts: T, name: string, value: string): T {
  return { ...opts, headers: { ...headerRecord(opts.headers), [name.toLowerCase()]: value } };
}
