import { describe, expect, it } from 'vitest';
import type { ExtractEntry } from './extract.ts';
import { type ExtractNames, extractCsv } from './extract-format.ts';

const names: ExtractNames = {
  eService: (id) => (id === 'e' ? { sv: 'Tjänst, "den"', en: 'Service' } : undefined),
  businessSystem: () => undefined,
  purpose: () => undefined,
};

const live: ExtractEntry = {
  status: 'live',
  seq: 7,
  time: '2026-01-02T03:04:05.678Z',
  date: '2026-01-02',
  actor: 'official',
  eService: 'e',
  businessSystem: '=HYPERLINK("http://x")',
  contract: null,
  contractVersion: null,
  operation: '@sum',
  purpose: 'p',
  legalBasis: '6(1)(e)',
  legalReference: null,
  dataCategories: ['namn', 'adress'],
  outcome: 'success',
  problem: null,
};

describe('extractCsv', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const [, row] = extractCsv([live], names, 'sv').split('\r\n');
    expect(row).toBe(
      '7,2026-01-02,03:04:05,finns,handläggare,"Tjänst, ""den""",p,GDPR art. 6(1)(e),,"\'=HYPERLINK(""http://x"")",,,\'@sum,"namn, adress",genomförd,',
    );
  });

  it('writes a pruned record with its date only', () => {
    const [, row] = extractCsv([{ status: 'pruned', seq: 3, date: '2020-05-06' }], names, 'en').split('\r\n');
    expect(row).toBe('3,2020-05-06,,pruned,,,,,,,,,,,,');
  });
});
