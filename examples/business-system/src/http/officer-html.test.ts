import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../domain/case.ts';
import { escapeHtml, renderOfficerPage } from './officer-html.ts';

const base: CaseRecord = {
  id: '0b9c7a8e-1111-4222-8333-944455556666',
  applicant: { personalNumber: '191212121212', name: 'Tolvan Tolvansson' },
  title: 'Altan',
  description: 'Altan 15 kvm',
  propertyDesignation: 'Sundsvall Norrmalm 1:23',
  status: 'under_review',
  callbackUrl: null,
  attachments: [],
  statusHistory: [],
  createdAt: '2026-06-01T08:30:00.000Z',
  updatedAt: '2026-06-01T08:30:00.000Z',
};

describe('renderOfficerPage', () => {
  it('shows the personal number masked, never in full', () => {
    const html = renderOfficerPage({ cases: [base], nextCursor: null });
    expect(html).toContain('19121212-****');
    expect(html).not.toContain('191212121212');
    expect(html).not.toContain('1212-1212');
  });

  it('is a Swedish page with a heading and a captioned table with header cells', () => {
    const html = renderOfficerPage({ cases: [base], nextCursor: null });
    expect(html).toMatch(/<html lang="sv">/);
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    expect(html).toMatch(/<table>\s*<caption>[^<]+<\/caption>/);
    expect(html).toContain('<th scope="col">Personnummer</th>');
    expect(html).toContain('<th scope="row">Altan');
    // Stockholm time, in Swedish notation.
    expect(html).toContain('2026-06-01 10:30');
  });

  it('labels every form control, and offers only the allowed next statuses', () => {
    const html = renderOfficerPage({ cases: [base], nextCursor: null });
    const ids = [...html.matchAll(/<(?:select|textarea) id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
    const options = [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(options).toEqual(['supplement_requested', 'approved', 'rejected']);
  });

  it('shows no form for a decided case', () => {
    const html = renderOfficerPage({ cases: [{ ...base, status: 'approved' }], nextCursor: null });
    expect(html).not.toContain('<form');
    expect(html).toContain('Beviljad');
  });

  it('escapes what applicants wrote', () => {
    const html = renderOfficerPage({
      cases: [
        { ...base, title: '<script>alert(1)</script>', applicant: { ...base.applicant, name: 'A "B" & C' } },
      ],
      nextCursor: null,
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('A &quot;B&quot; &amp; C');
  });

  it('says so when there are no cases, and announces notices with the right role', () => {
    const empty = renderOfficerPage({
      cases: [],
      nextCursor: null,
      notice: { kind: 'success', text: 'Sparat.' },
    });
    expect(empty).not.toContain('<table');
    expect(empty).toContain('Det finns inga ärenden ännu.');
    expect(empty).toContain('role="status"');
    const failed = renderOfficerPage({
      cases: [],
      nextCursor: null,
      notice: { kind: 'error', text: 'Fel.' },
    });
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('<title>Fel: ');
  });

  it('links to the next page', () => {
    expect(renderOfficerPage({ cases: [base], nextCursor: 'abc_-' })).toContain('href="/?cursor=abc_-"');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
