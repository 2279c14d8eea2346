import type { Language } from '@brygga/contract';
import { type Html, html } from '../pages/html.ts';

/** A text in both of the page's languages. */
export interface Bilingual {
  readonly sv: string;
  readonly en: string;
}

/**
 * What an operation did, told to the person whose data it was. Keyed by contract (`''` for the gateway's own
 * operations: login, logout, extracts) and operation id. Add a contract's operations here when it gets one; an
 * operation missing from the table is shown by its id, which is never wrong, only less plain.
 */
export const operationLabels: Readonly<Record<string, Readonly<Record<string, Bilingual>>>> = {
  '': {
    login: { sv: 'Du loggade in', en: 'You logged in' },
    logout: { sv: 'Du loggades ut', en: 'You were logged out' },
    'audit.extract': {
      sv: 'En handläggare tog fram ett registerutdrag om dig',
      en: 'An official made an extract of your records',
    },
    'audit.view-own-records': {
      sv: 'Du tittade på dina uppgifter här',
      en: 'You looked at your records here',
    },
    'audit.download-own-records': {
      sv: 'Du laddade ner dina uppgifter här',
      en: 'You downloaded your records here',
    },
  },
  'case-management': {
    createCase: { sv: 'Tog emot din ansökan', en: 'Received your application' },
    getCase: { sv: 'Läste ditt ärende', en: 'Read your case' },
    listMyCases: { sv: 'Läste listan över dina ärenden', en: 'Read the list of your cases' },
    getCaseStatus: { sv: 'Läste status för ditt ärende', en: 'Read the status of your case' },
  },
};

/** The plain-language label of an operation; its id when the table has none. */
export function operationLabel(contract: string | null, operation: string, language: Language): string {
  return operationLabels[contract ?? '']?.[operation]?.[language] ?? operation;
}

/** GDPR Art. 6(1) and 9(2), as the legal bases people meet in a municipality read in plain words. */
const legalBases: Readonly<Record<string, Bilingual>> = {
  '6(1)(a)': { sv: 'Du har gett ditt samtycke', en: 'You gave your consent' },
  '6(1)(b)': { sv: 'För att fullgöra ett avtal med dig', en: 'To carry out a contract with you' },
  '6(1)(c)': { sv: 'En skyldighet enligt lag', en: 'A duty under the law' },
  '6(1)(d)': { sv: 'För att skydda någons liv eller hälsa', en: "To protect someone's life or health" },
  '6(1)(e)': {
    sv: 'En uppgift av allmänt intresse eller myndighetsutövning',
    en: 'A task in the public interest or the exercise of official authority',
  },
  '6(1)(f)': { sv: 'Ett berättigat intresse', en: 'A legitimate interest' },
};

/** The parts of a legal basis as told: the plain words (when known), the GDPR article, and the law cited. */
function legalBasisParts(article: string, language: Language) {
  return {
    plain: legalBases[article]?.[language],
    gdpr: `${language === 'sv' ? 'GDPR artikel' : 'GDPR Article'} ${article}`,
  };
}

/**
 * A legal basis in plain words, with the article and the law it rests on after it:
 * "En skyldighet enligt lag (GDPR artikel 6.1 c; Arkivlagen (1990:782))".
 */
export function legalBasisText(article: string, reference: string | null, language: Language): string {
  const { plain, gdpr } = legalBasisParts(article, language);
  const cited = reference === null ? gdpr : `${gdpr}; ${reference}`;
  return plain === undefined ? cited : `${plain} (${cited})`;
}

/**
 * `legalBasisText` as markup for the page. The law cited is the Swedish statute's name (the configuration's
 * `legalBasis.reference`), so on the English page it is marked `lang="sv"`, for screen readers to say it in
 * Swedish (WCAG 3.1.2 Language of Parts). Escaped by `html`.
 */
export function legalBasisHtml(article: string, reference: string | null, language: Language): Html | string {
  if (language === 'sv' || reference === null) return legalBasisText(article, reference, language);
  const { plain, gdpr } = legalBasisParts(article, language);
  const cited = html`${gdpr}; <span lang="sv">${reference}</span>`;
  return plain === undefined ? cited : html`${plain} (${cited})`;
}

/** How a processing ended, in words (never only a colour). */
export function outcomeText(outcome: 'success' | 'failure', language: Language): string {
  if (outcome === 'success') return language === 'sv' ? 'Genomförd' : 'Done';
  return language === 'sv' ? 'Misslyckades' : 'Failed';
}
