/**
 * CSV for people to open in a spreadsheet: RFC 4180 (CRLF, quoted where needed), made safe against formula
 * injection (OWASP "CSV Injection") and readable by a Swedish Excel. Shared by every CSV the gateway hands out.
 */

/** UTF-8 byte order mark: without it Excel reads the file as Windows-1252 and shows å ä ö as Ã¥ Ã¤ Ã¶. */
export const csvBom = '\uFEFF';

/**
 * One cell. A cell, or any `;`-separated part of one (a Swedish Excel splits on `;`), that a spreadsheet would
 * run as a formula (starting with = + - @, tab or CR, after any spaces) gets a ' in front, so it is shown as
 * text. Then, RFC 4180 §2.6-2.7: a cell with a comma, quote, line break or `;` is quoted, its quotes doubled.
 * Pure.
 */
export function csvCell(value: string): string {
  const safe = value
    .split(';')
    .map((part) => part.replace(/^( *)(?=[=+\-@\t\r])/, "$1'"))
    .join(';');
  return /[",;\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A whole file: the byte order mark, then one CRLF-ended line per row. Pure. */
export function csvDocument(rows: readonly (readonly string[])[]): string {
  return `${csvBom}${rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('')}`;
}
