import { describe, expect, it } from 'vitest';
import { findNumbers, findShapes, numbers, sentForms, writtenForms } from './needles.ts';

/** The scanner of the hygiene test finds what it must, or a clean result there would mean nothing. */
describe('the hygiene scanner', () => {
  it('knows the five written forms of each number the issue lists', () => {
    expect(sentForms(numbers.example)).toEqual([
      '199001011234',
      '9001011234',
      '900101-1234',
      '19900101-1234',
      '900101+1234',
    ]);
  });

  it.each(Object.values(numbers).flatMap(sentForms))(
    'finds %s in text, in a URL and inside a JWT',
    (form) => {
      expect(findNumbers('body', `{"detail":"no case for ${form}"}`)).not.toEqual([]);
      expect(findNumbers('header', `location: /x?q=${encodeURIComponent(form)}`)).not.toEqual([]);
      const payload = Buffer.from(JSON.stringify({ sub: form })).toString('base64url');
      const found = findNumbers('token', `id_token=eyJhbGciOiJub25lIn0.${payload}.`);
      expect(found.map((finding) => finding.where)).toContain('token (JWT)');
    },
  );

  it('finds nothing in text that only looks alike', () => {
    const clean = [
      'x-request-id: 3f2b8c1e-0d5a-4e7b-9c61-7a2e4b9d0f13',
      '{"auth_time":1795820245,"exp":1795820545}',
      'traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '/reference/case-management#v2026-11-01',
    ].join('\n');
    expect(findNumbers('clean', clean)).toEqual([]);
  });

  it('flags any personnummer shape in a log line, whoever it belongs to', () => {
    expect(findShapes('log', ['{"msg":"applicant 850709-9805"}'])).toHaveLength(1);
    expect(findShapes('log', ['{"msg":"applicant [personnummer]","durationMs":12}'])).toEqual([]);
  });

  it('covers separators written with a space and URL-encoded', () => {
    expect(writtenForms(numbers.citizen)).toEqual(
      expect.arrayContaining(['121212 1212', '121212%2B1212', '121212+1212', '19121212-1212']),
    );
  });
});
