import type { Language } from '@brygga/contract';
import type { BryggaConfig } from '../config/index.ts';
import { csvDocument } from '../csv/cell.ts';
import { type ExtractEntry, type ExtractTimeZone, localDate, localDateTime } from './extract.ts';
import type { PurposeRegistry } from './purposes.ts';

/** What the ids in an extract mean today: names from the configuration, for people to read. */
export interface ExtractNames {
  eService(id: string): { readonly sv: string; readonly en: string } | undefined;
  businessSystem(id: string): string | undefined;
  purpose(id: string): { readonly sv: string; readonly en: string } | undefined;
}

export function extractNames(
  config: Pick<BryggaConfig, 'eServices' | 'businessSystems'>,
  purposes: PurposeRegistry,
): ExtractNames {
  const eServices = new Map(config.eServices.map((eService) => [eService.id, eService.name]));
  const systems = new Map(config.businessSystems.map((system) => [system.id, system.name]));
  return {
    eService: (id) => eServices.get(id),
    businessSystem: (id) => systems.get(id),
    purpose: (id) => purposes.get(id)?.text,
  };
}

/** An extract entry with the names beside the ids, as the JSON answer carries it. Pure. */
export function describeEntry(entry: ExtractEntry, names: ExtractNames): Record<string, unknown> {
  if (entry.status === 'pruned') return { ...entry };
  return {
    ...entry,
    eServiceName: entry.eService === null ? null : (names.eService(entry.eService) ?? null),
    businessSystemName:
      entry.businessSystem === null ? null : (names.businessSystem(entry.businessSystem) ?? null),
    purposeText: names.purpose(entry.purpose) ?? null,
  };
}

/** The time column's header: says which clock the times are on. */
const timeHeaders: Readonly<Record<ExtractTimeZone, Readonly<Record<Language, string>>>> = {
  UTC: { sv: 'tid (UTC)', en: 'time (UTC)' },
  'Europe/Stockholm': { sv: 'tid (svensk tid)', en: 'time (Swedish time)' },
};

/** The header row, the time column (third) aside: that one comes from `timeHeaders`. */
const headers: Readonly<Record<Language, readonly string[]>> = {
  sv: [
    'löpnummer',
    'datum',
    'status',
    'utförd av',
    'e-tjänst',
    'ändamål',
    'rättslig grund',
    'lagrum',
    'verksamhetssystem',
    'kontrakt',
    'kontraktsversion',
    'åtgärd',
    'uppgifter',
    'utfall',
    'felkod',
  ],
  en: [
    'sequence',
    'date',
    'status',
    'done by',
    'e-service',
    'purpose',
    'legal basis',
    'legal reference',
    'business system',
    'contract',
    'contract version',
    'operation',
    'data categories',
    'outcome',
    'problem code',
  ],
};

const words: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  sv: {
    live: 'finns',
    pruned: 'gallrad',
    citizen: 'du själv',
    official: 'handläggare',
    system: 'systemet',
    success: 'genomförd',
    failure: 'misslyckades',
  },
  en: {
    live: 'kept',
    pruned: 'pruned',
    citizen: 'you',
    official: 'an official',
    system: 'the system',
    success: 'done',
    failure: 'failed',
  },
};

export interface ExtractCsvOptions {
  /**
   * The clock of the date and time columns. UTC (the default, the officials' extract): the UTC date and the time
   * as HH:MM:SS. Europe/Stockholm (the citizen's page, which shows Swedish time): the Swedish date and the local
   * time with its offset, 2026-03-01T00:30:05+01:00. A pruned record keeps the date it kept (see
   * `toExtractEntries`).
   */
  readonly timeZone?: ExtractTimeZone;
}

/**
 * RFC 4180 CSV (CRLF, quoted where needed) with a byte order mark and a header row in the reader's language. No
 * cell, nor `;`-separated part of one, is left for a spreadsheet to run as a formula (`csvCell`). Pure.
 */
export function extractCsv(
  entries: readonly ExtractEntry[],
  names: ExtractNames,
  language: Language,
  options: ExtractCsvOptions = {},
): string {
  const timeZone = options.timeZone ?? 'UTC';
  const say = (word: string) => words[language][word] ?? word;
  const [sequence = '', date = '', ...rest] = headers[language];
  const header = [sequence, date, timeHeaders[timeZone][language], ...rest];
  const lines = [header];
  for (const entry of entries) {
    if (entry.status === 'pruned') {
      lines.push([
        String(entry.seq),
        entry.date,
        '',
        say('pruned'),
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
      continue;
    }
    const eService =
      entry.eService === null ? '' : (names.eService(entry.eService)?.[language] ?? entry.eService);
    const system =
      entry.businessSystem === null
        ? ''
        : (names.businessSystem(entry.businessSystem) ?? entry.businessSystem);
    lines.push([
      String(entry.seq),
      localDate(entry.time, timeZone),
      timeZone === 'UTC' ? entry.time.slice(11, 19) : localDateTime(entry.time, timeZone),
      say('live'),
      say(entry.actor),
      eService,
      names.purpose(entry.purpose)?.[language] ?? entry.purpose,
      `GDPR art. ${entry.legalBasis}`,
      entry.legalReference ?? '',
      system,
      entry.contract ?? '',
      entry.contractVersion ?? '',
      entry.operation,
      entry.dataCategories.join(', '),
      say(entry.outcome),
      entry.problem ?? '',
    ]);
  }
  return csvDocument(lines);
}
