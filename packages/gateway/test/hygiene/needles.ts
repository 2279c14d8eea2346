import { containsPersonnummer } from '../../src/log/index.ts';

/**
 * The numbers the hygiene test sends everywhere and looks for in everything it captured. Test numbers only:
 * 199001011234 is the example (its check digit is wrong, so it exercises the paths for invalid
 * values), 191212121212 is the conventional test person who logs in, 197010632391 a samordningsnummer (day
 * + 60) of the test IdP's default persons.
 */
export const numbers = {
  example: '199001011234',
  citizen: '191212121212',
  coordination: '197010632391',
} as const;

/** Every way a 12-digit number is written by people and programs: the variants, and their URL forms. */
export function writtenForms(twelve: string): string[] {
  const ten = twelve.slice(2);
  const forms = [
    twelve,
    ten,
    `${ten.slice(0, 6)}-${ten.slice(6)}`,
    `${twelve.slice(0, 8)}-${twelve.slice(8)}`,
    `${ten.slice(0, 6)}+${ten.slice(6)}`,
    `${twelve.slice(0, 8)}+${twelve.slice(8)}`,
    `${ten.slice(0, 6)} ${ten.slice(6)}`,
  ];
  const encoded = forms.flatMap((form) => [encodeURIComponent(form), form.replace(' ', '+')]);
  return [...new Set([...forms, ...encoded])];
}

/** What is sent: the five written forms of each number. */
export function sentForms(twelve: string): string[] {
  const ten = twelve.slice(2);
  return [
    twelve,
    ten,
    `${ten.slice(0, 6)}-${ten.slice(6)}`,
    `${twelve.slice(0, 8)}-${twelve.slice(8)}`,
    `${ten.slice(0, 6)}+${ten.slice(6)}`,
  ];
}

export const allSentForms: readonly string[] = Object.values(numbers).flatMap(sentForms);
const needles: readonly string[] = [...new Set(Object.values(numbers).flatMap(writtenForms))];

/** One place a number turned up: what was captured, which form, and some text around it. */
export interface Finding {
  readonly where: string;
  readonly form: string;
  readonly around: string;
}

/**
 * Looks for every written form of the test numbers in `text`, and in the header and payload of every JWT in
 * it (a number inside a token is base64url, invisible to a plain search). Pure.
 */
export function findNumbers(where: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const search = (label: string, haystack: string) => {
    for (const form of needles) {
      const at = haystack.indexOf(form);
      if (at >= 0) {
        findings.push({ where: label, form, around: haystack.slice(Math.max(0, at - 60), at + 60) });
      }
    }
  };
  search(where, text);
  for (const token of text.match(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g) ?? []) {
    const [header = '', payload = ''] = token.split('.');
    search(`${where} (JWT)`, `${decode(header)}\n${decode(payload)}`);
  }
  return findings;
}

/** A log line may hold no personnummer-shaped run at all, whoever's: the log gate masks them. */
export function findShapes(where: string, lines: readonly string[]): Finding[] {
  return lines
    .filter((line) => containsPersonnummer(line))
    .map((line) => ({ where, form: 'personnummer shape', around: line.slice(0, 300) }));
}

function decode(segment: string): string {
  try {
    return Buffer.from(segment, 'base64url').toString('utf8');
  } catch {
    return '';
  }
}
