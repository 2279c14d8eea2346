import type { Language } from '@brygga/contract';

export const defaultLanguage: Language = 'sv';

const supported: readonly Language[] = ['sv', 'en'];

interface Preference {
  readonly q: number;
  readonly position: number;
}

/**
 * Picks Swedish or English from an `Accept-Language` header (RFC 9110 §12.5.4). A language's weight is the
 * highest q of the ranges naming it (`sv`, `sv-SE`), else the q of `*`. The heaviest wins; equal weights go
 * to the one named first; a language with `q=0` is never chosen. With no usable preference: Swedish.
 * Pure.
 */
export function negotiateLanguage(header: string | null | undefined): Language {
  if (!header) return defaultLanguage;
  const named = new Map<Language, Preference>();
  let wildcard: Preference | undefined;
  header
    .split(',')
    .slice(0, 32)
    .forEach((part, position) => {
      const [rangeRaw = '', ...params] = part.split(';');
      const range = rangeRaw.trim().toLowerCase();
      let q = 1;
      for (const param of params) {
        const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param);
        if (match?.[1] !== undefined) q = Number(match[1]);
      }
      if (range === '*') {
        wildcard ??= { q, position };
        return;
      }
      const language = supported.find((l) => l === range.split('-')[0]);
      if (language === undefined) return;
      const previous = named.get(language);
      if (previous === undefined || q > previous.q)
        named.set(language, { q, position: previous?.position ?? position });
    });

  let best: { language: Language; preference: Preference } | undefined;
  for (const language of supported) {
    const preference = named.get(language) ?? wildcard;
    if (preference === undefined || preference.q === 0) continue;
    const better =
      best === undefined ||
      preference.q > best.preference.q ||
      (preference.q === best.preference.q && preference.position < best.preference.position);
    if (better) best = { language, preference };
  }
  if (best !== undefined) return best.language;
  // Nothing we speak was asked for: Swedish, unless Swedish was explicitly refused.
  return named.get('sv')?.q === 0 && named.get('en')?.q !== 0 ? 'en' : defaultLanguage;
}
