/**
 * How a found value is shown in an issue. Short plain scalars are shown as they are, so people recognise
 * their typo; anything long, structured or secret is described by kind only, so no issue can leak a secret
 * (or a personnummer someone pasted into the file) into a terminal, a CI log or an error report.
 */
export function describeFound(value: unknown, options: { hideValue?: boolean } = {}): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) {
    return value.length === 0
      ? 'an empty list'
      : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'object') {
    if (value instanceof Uint8Array) return 'binary data';
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty mapping' : `a mapping with the keys ${keys.join(', ')}`;
  }
  const kind = kindOf(value);
  if (options.hideValue) return `${kind} (value hidden)`;
  if (typeof value === 'string') {
    if (looksLikePersonalNumber(value))
      return 'text that looks like a personal identity number (value hidden)';
    if (value.length > maxShownLength || /[\r\n]/.test(value)) return `text of ${value.length} characters`;
    return JSON.stringify(value);
  }
  if (typeof value === 'number' && looksLikePersonalNumber(String(value))) {
    return 'a number that looks like a personal identity number (value hidden)';
  }
  return String(value);
}

const maxShownLength = 60;

function kindOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
    case 'bigint':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'a value';
  }
}

/** 10 or 12 digits, optionally with the `-`/`+` separator: the shapes a personnummer is written in. */
function looksLikePersonalNumber(text: string): boolean {
  return /^\s*(?:\d{2})?\d{6}[-+]?\d{4}\s*$/.test(text);
}
