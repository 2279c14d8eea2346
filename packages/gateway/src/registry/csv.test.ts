import { describe, expect, it } from 'vitest';
import { builtInContracts } from '../contracts/registry.ts';
import { registerCsvColumns, registerToCsv } from './csv.ts';
import { configFrom, fixedNow, registryConfig, registryConfigData } from './fixtures.test-support.ts';
import { buildRegister } from './register.ts';

/** A small, strict RFC 4180 reader, written apart from the writer so the round trip proves something. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (char === '"') {
        quoted = false;
        index += 1;
      } else {
        field += char;
        index += 1;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      index += 1;
    } else if (char === ',') {
      row.push(field);
      field = '';
      index += 1;
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 2;
    } else if (char === '"' || char === '\r' || char === '\n') {
      throw new Error(`bare ${JSON.stringify(char)} at ${index}`);
    } else {
      field += char;
      index += 1;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

describe('registerToCsv', () => {
  const register = buildRegister(registryConfig(), { contracts: builtInContracts, now: fixedNow });
  const csv = registerToCsv(register);

  it('round-trips through an RFC 4180 reader: a header and one row per e-service', () => {
    // A reader takes the byte order mark off before the first field.
    const rows = parseCsv(csv.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(registerCsvColumns);
    expect(rows).toHaveLength(1 + register.eServices.length);
    for (const row of rows) expect(row).toHaveLength(registerCsvColumns.length);
    const records = rows
      .slice(1)
      .map((row) => Object.fromEntries(registerCsvColumns.map((name, i) => [name, row[i]])));
    // The description holds a comma, quotes and a line break: it comes back exactly.
    expect(records[0]?.description_sv).toBe(register.eServices[0]?.description.sv);
    expect(records[0]?.description_sv).toBe('Ansök om bygglov, "snabbt"\noch enkelt.');
    expect(records[0]?.contracts).toBe('case-management@2026-01-15 (deprecated)');
    expect(records[1]?.purposes).toBe('handlagga-bygglov; forskola-ko');
    expect(records[1]?.personal_data_categories).toBe('personnummer; namn; adress');
    expect(records[1]?.retention).toBe('arende-10ar P10Y; ko-2ar P2Y');
    expect(records[1]?.accessibility_statement_url).toBe('https://exempel.se/tillganglighet');
    expect(records[0]?.responsible_email).toBe('');
  });

  it('starts with a byte order mark, so Swedish Excel shows å ä ö', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(parseCsv(csv.replace(/^\uFEFF/, ''))[0]).toEqual(registerCsvColumns);
  });

  it("quotes a ';' and defuses a formula in a cell or after a ';' in it", () => {
    const data = registryConfigData();
    data.eServices[0].name = { sv: '=HYPERLINK("http://x")', en: '+1' };
    const hostile = buildRegister(configFrom(data), { contracts: builtInContracts, now: fixedNow });
    const text = registerToCsv(hostile);
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    const records = rows
      .slice(1)
      .map((row) => Object.fromEntries(registerCsvColumns.map((name, i) => [name, row[i]])));
    expect(records[0]?.name_sv).toBe('\'=HYPERLINK("http://x")');
    expect(records[0]?.name_en).toBe("'+1");
    // Lists are joined with '; ': quoted, so a reader splitting on ';' cannot take a part as a cell.
    expect(text).toContain('"handlagga-bygglov; forskola-ko"');
  });

  it('ends every record with CRLF and quotes only the fields that need it', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.startsWith('\uFEFFid,name_sv,')).toBe(true);
    expect(csv).toContain('"Ansök om bygglov, ""snabbt""\noch enkelt."');
  });
});
