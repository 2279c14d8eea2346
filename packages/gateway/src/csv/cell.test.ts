import { describe, expect, it } from 'vitest';
import { csvBom, csvCell, csvDocument } from './cell.ts';

describe('csvCell', () => {
  it('quotes a comma, a quote, a line break and a semicolon (Swedish Excel splits on it)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('namn; adress')).toBe('"namn; adress"');
  });

  it("puts ' before a cell, or any ';'-separated part, a spreadsheet would run as a formula", () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell(' =1')).toBe(" '=1");
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('namn;=cmd|x')).toBe('"namn;\'=cmd|x"');
    expect(csvCell('namn; @SUM(A1)')).toBe('"namn; \'@SUM(A1)"');
    expect(csvCell('a;b;-2+3')).toBe('"a;b;\'-2+3"');
    expect(csvCell('2026-01-02')).toBe('2026-01-02');
  });
});

describe('csvDocument', () => {
  it('starts with a byte order mark so Excel reads å ä ö as UTF-8, and ends every row with CRLF', () => {
    const text = csvDocument([
      ['a', 'å'],
      ['1', '=2'],
    ]);
    expect(csvBom).toBe('\uFEFF');
    expect(text).toBe("\uFEFFa,å\r\n1,'=2\r\n");
  });
});
