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

  it('starts with a byte order mark, so Swedish Excel shows å ä ö', () => {
    const csv = extractCsv([live], names, 'sv');
    expect(csv.startsWith('\uFEFFlöpnummer,datum,tid (UTC),status,')).toBe(true);
    expect(extractCsv([], names, 'en').split('\r\n')[0]).toBe(
      '\uFEFFsequence,date,time (UTC),status,done by,e-service,purpose,legal basis,legal reference,business system,contract,contract version,operation,data categories,outcome,problem code',
    );
  });

  it("quotes a ';' and defuses a formula after one, as Excel splitting on ';' would see it", () => {
    const [, row] = extractCsv(
      [{ ...live, dataCategories: ['namn', 'x;=cmd|y'], operation: 'a;+b' }],
      names,
      'en',
    ).split('\r\n');
    expect(row).toContain(',"a;\'+b","namn, x;\'=cmd|y",');
  });

  it('gives the citizen Swedish time with its offset, and says so in the header', () => {
    const lateFebruary = { ...live, time: '2026-02-28T23:30:05.000Z', date: '2026-02-28' };
    const summer = { ...live, seq: 8, time: '2026-07-01T10:00:00.000Z', date: '2026-07-01' };
    const [header, winterRow, summerRow] = extractCsv([lateFebruary, summer], names, 'sv', {
      timeZone: 'Europe/Stockholm',
    }).split('\r\n');
    expect(header).toMatch(/^\uFEFFlöpnummer,datum,tid \(svensk tid\),status,/);
    expect(winterRow).toMatch(/^7,2026-03-01,2026-03-01T00:30:05\+01:00,finns,/);
    expect(summerRow).toMatch(/^8,2026-07-01,2026-07-01T12:00:00\+02:00,finns,/);
    const [english] = extractCsv([], names, 'en', { timeZone: 'Europe/Stockholm' }).split('\r\n');
    expect(english).toMatch(/^\uFEFFsequence,date,time \(Swedish time\),status,/);
    // The officials' extract stays in UTC.
    expect(extractCsv([lateFebruary], names, 'sv').split('\r\n')[1]).toMatch(/^7,2026-02-28,23:30:05,finns,/);
  });
});
