import type { BryggaConfig } from '../config/index.ts';

/** What a record needs to know about its purpose (an Art. 30 processing activity). */
export interface PurposeEntry {
  readonly id: string;
  readonly text: { readonly sv: string; readonly en: string };
  readonly legalBasis: string;
  readonly reference: string | null;
  readonly dataCategories: readonly string[];
  /** Undefined: records of this purpose are kept (no disposal decision covers them). */
  readonly retentionClass: string | undefined;
}

/**
 * The gateway's own processing, which every deployment does whether or not it configured it: answering a
 * data subject's request for access, carrying out a disposal decision on the log itself, and citizen login
 * (the personnummer is read from the identity provider and kept for the session). A purpose with
 * the same id in the configuration replaces these (to give them a retention class, say).
 */
export const builtinPurposes: readonly PurposeEntry[] = [
  {
    id: 'brygga-registerutdrag',
    text: {
      sv: 'Lämna ut uppgifter om hur en persons personuppgifter har behandlats (registerutdrag).',
      en: 'Tell a person how their personal data has been processed (right of access).',
    },
    legalBasis: '6(1)(c)',
    reference: 'Dataskyddsförordningen (EU) 2016/679, artikel 15',
    dataCategories: ['loggposter'],
    retentionClass: undefined,
  },
  {
    id: 'brygga-gallring',
    text: {
      sv: 'Gallra loggposter enligt beslut om gallring.',
      en: 'Remove the details of log records under a disposal decision.',
    },
    legalBasis: '6(1)(c)',
    reference: 'Arkivlagen (1990:782)',
    dataCategories: ['loggposter'],
    retentionClass: undefined,
  },
  {
    id: 'brygga-inloggning',
    text: {
      sv: 'Logga in en person med e-legitimation och avsluta inloggningen.',
      en: 'Log a person in with an electronic identification, and end the login.',
    },
    legalBasis: '6(1)(e)',
    reference: 'Lag (2018:218) med kompletterande bestämmelser till EU:s dataskyddsförordning, 3 kap. 10 §',
    dataCategories: ['personnummer'],
    retentionClass: undefined,
  },
];

export const extractPurposeId = 'brygga-registerutdrag';
export const prunePurposeId = 'brygga-gallring';
export const loginPurposeId = 'brygga-inloggning';

export type PurposeRegistry = ReadonlyMap<string, PurposeEntry>;

/** The configured purposes, plus the built-in ones the configuration does not replace. */
export function purposeRegistry(config: Pick<BryggaConfig, 'purposes'>): PurposeRegistry {
  const registry = new Map<string, PurposeEntry>(builtinPurposes.map((entry) => [entry.id, entry]));
  for (const purpose of config.purposes) {
    registry.set(purpose.id, {
      id: purpose.id,
      text: purpose.purpose,
      legalBasis: purpose.legalBasis.article,
      reference: purpose.legalBasis.reference ?? null,
      dataCategories: purpose.dataCategories,
      retentionClass: purpose.retentionClass,
    });
  }
  return registry;
}
