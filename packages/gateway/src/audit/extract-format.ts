import type { Language } from '@brygga/contract';
import type { BryggaConfig } from '../config/index.ts';
import type { ExtractEntry } from './extract.ts';
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

const headers: Readonly<Record<Language, readonly string[]>> = {
  sv: [
    'löpnummer',
    'datum',
    'tid (UTC)',
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
    'time (UTC)',
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

/**
 * RFC 4180 CSV (CRLF, quoted where needed) with a header row in the reader's language. A cell starting with
 * = + - @ is prefixed with ' so a spreadsheet shows it rather than runs it as a formula. Pure.
 */
export function extractCsv(
  entries: readonly ExtractEntry[],
  names: ExtractNames,
  language: Language,
): string {
  const say = (word: string) => words[language][word] ?? word;
  const lines = [headers[language]];
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
      entry.date,
      entry.time.slice(11, 19),
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
  return `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
