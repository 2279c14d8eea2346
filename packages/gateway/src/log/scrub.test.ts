import { describe, expect, it } from 'vitest';
import {
  containsPersonnummer,
  containsPlausiblePersonnummer,
  maskPersonnummer,
  personnummerMask,
  scrubDeep,
} from './scrub.ts';

describe('maskPersonnummer', () => {
  it.each([
    ['199001011234', personnummerMask],
    ['9001011234', personnummerMask],
    ['900101-1234', personnummerMask],
    ['19900101-1234', personnummerMask],
    ['900101+1234', personnummerMask],
    ['19900101 1234', personnummerMask],
    ['pnr=199001011234&x=1', `pnr=${personnummerMask}&x=1`],
    ['/cases/19900101-1234/documents', `/cases/${personnummerMask}/documents`],
    ['abc9001011234def', `abc${personnummerMask}def`],
    ['900101\u20131234', personnummerMask], // en dash
    ['19900101\u20141234', personnummerMask], // em dash
    ['900101\u20101234', personnummerMask], // hyphen
    ['900101\u20111234', personnummerMask], // non-breaking hyphen
    ['900101\u22121234', personnummerMask], // minus sign
    ['900101\u00a01234', personnummerMask], // no-break space
    ['900101 - 1234', personnummerMask],
    ['19900101 \u2013 1234', personnummerMask],
    ['pnr: 900101\u20131234.', `pnr: ${personnummerMask}.`],
  ])('masks %s', (input, expected) => {
    expect(maskPersonnummer(input)).toBe(expected);
    expect(containsPersonnummer(input)).toBe(true);
  });

  it.each([
    ['1795816770941'], // a 13-digit epoch in milliseconds
    ['12345678901'], // 11 digits
    ['123456789'], // 9 digits
    ['2026-11-27T21:48:00.000Z'],
    ['f6c1dfa8-9c4c-4f8e-9369-89bad890a2ab'],
    ['2026-11-27 \u2013 2026-12-31'], // a date range
    ['20260101\u201320261231'], // compact dates, en dash
    ['20260101 - 20261231'],
    ['ports 8080\u20138090'],
    ['1234 - 5678'],
    ['123456 \u2013 78901'], // 5 digits after the dash
    ['12345 \u2013 1234'], // 5 digits before it
    ['900101  -  1234'], // more than one space on each side is not one separator
    ['at 12:34:56 \u2013 13:00:00'],
  ])('leaves %s alone', (input) => {
    expect(maskPersonnummer(input)).toBe(input);
    expect(containsPersonnummer(input)).toBe(false);
  });

  it('gives the same answer when called repeatedly (no regex state leaks between calls)', () => {
    expect([1, 2, 3].map(() => containsPersonnummer('199001011234'))).toEqual([true, true, true]);
  });
});

describe('scrubDeep', () => {
  it('masks strings, keys and personnummer-shaped integers at any depth, and keeps everything else', () => {
    expect(
      scrubDeep({
        '199001011234': 'x',
        list: ['900101-1234', 3, true, null],
        nested: { n: 199001011234, time: 1795816770941, ok: 'fine' },
      }),
    ).toEqual({
      [personnummerMask]: 'x',
      list: [personnummerMask, 3, true, null],
      nested: { n: personnummerMask, time: 1795816770941, ok: 'fine' },
    });
  });
});

describe('containsPlausiblePersonnummer', () => {
  it('finds digit runs whose date part is a possible birth date, with or without a valid checksum', () => {
    expect(containsPlausiblePersonnummer('aaaaaaaaaaaaaaaaaaaa199001011234')).toBe(true);
    expect(containsPlausiblePersonnummer('x 900101-1234 y')).toBe(true);
    expect(containsPlausiblePersonnummer('x 900101\u20131234 y')).toBe(true);
    expect(containsPlausiblePersonnummer('x 19900101 - 1234 y')).toBe(true);
    expect(containsPlausiblePersonnummer('x 901301\u20131234 y')).toBe(false); // month 13
    expect(containsPlausiblePersonnummer('197010632391')).toBe(true); // samordningsnummer, day 63
  });

  it('lets through digit runs that cannot be a date, such as the W3C example parent id', () => {
    expect(containsPlausiblePersonnummer('b7ad6b7169203331')).toBe(false); // month 69
    expect(containsPlausiblePersonnummer('0af7651916cd43dd8448eb211c80319c')).toBe(false);
    expect(containsPlausiblePersonnummer('901301-1234')).toBe(false); // month 13
  });
});
