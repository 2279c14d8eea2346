import { describe, expect, it } from 'vitest';
import type { ExtractEntry, ExtractNames, LiveExtractEntry } from '../audit/index.ts';
import { citizenClientId } from './client.ts';
import { legalBasisText, operationLabel, outcomeText } from './labels.ts';
import { renderCitizenLoggedOut, renderLoginPage, renderRecordsPage, renderUnavailable } from './render.ts';
import { pageOf } from './routes.ts';

const names: ExtractNames = {
  eService: (id) =>
    id === 'bygglov' ? { sv: 'Ansök om bygglov', en: 'Apply for a building permit' } : undefined,
  businessSystem: (id) => (id === 'arende' ? 'Ärendehantering' : undefined),
  purpose: (id) =>
    id === 'handlagga' ? { sv: 'Handlägga bygglov.', en: 'Process building permits.' } : undefined,
};

function live(seq: number, overrides: Partial<LiveExtractEntry> = {}): LiveExtractEntry {
  return {
    status: 'live',
    seq,
    time: '2026-11-20T09:30:00.000Z',
    date: '2026-11-20',
    actor: 'citizen',
    eService: 'bygglov',
    businessSystem: 'arende',
    contract: 'case-management',
    contractVersion: '2026-01-15',
    operation: 'getCase',
    purpose: 'handlagga',
    legalBasis: '6(1)(e)',
    legalReference: 'Plan- och bygglagen (2010:900)',
    dataCategories: ['personnummer'],
    outcome: 'success',
    problem: null,
    ...overrides,
  };
}

async function render(entries: ExtractEntry[], language: 'sv' | 'en' = 'sv', extra = {}) {
  return String(
    await renderRecordsPage({
      language,
      entries,
      total: entries.length,
      offset: 0,
      query: {},
      olderThan: undefined,
      periodRejected: false,
      names,
      ...extra,
    }),
  );
}

describe('labels', () => {
  it('says what an operation did in plain words, and falls back to its id', () => {
    expect(operationLabel('case-management', 'getCase', 'sv')).toBe('Läste ditt ärende');
    expect(operationLabel('case-management', 'getCase', 'en')).toBe('Read your case');
    expect(operationLabel(null, 'login', 'en')).toBe('You logged in');
    expect(operationLabel('case-management', 'archiveCase', 'sv')).toBe('archiveCase');
    expect(operationLabel('other-contract', 'getCase', 'sv')).toBe('getCase');
  });

  it('writes a legal basis in plain words with its article and law, and an unknown one as cited', () => {
    expect(legalBasisText('6(1)(c)', 'Arkivlagen (1990:782)', 'sv')).toBe(
      'En skyldighet enligt lag (GDPR artikel 6(1)(c); Arkivlagen (1990:782))',
    );
    expect(legalBasisText('9(2)(h)', null, 'en')).toBe('GDPR Article 9(2)(h)');
    expect(outcomeText('failure', 'sv')).toBe('Misslyckades');
  });
});

describe('the records page', () => {
  it('is a real table with a caption, column and row headers, in the chosen language', async () => {
    const page = await render([live(2), live(1, { operation: 'listMyCases' })]);
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('<a class="skip-link" href="#main">Hoppa till innehållet</a>');
    expect(page).toContain('<caption>Användning av dina personuppgifter, nyast först.');
    expect(page.match(/<th scope="col">/g)).toHaveLength(7);
    expect(page.match(/<th scope="row">/g)).toHaveLength(2);
    expect(page).toContain('<td>Ansök om bygglov</td>');
    expect(page).toContain('<td>Handlägga bygglov.</td>');
    expect(page).toContain('<td>Ärendehantering</td>');
    expect(page).toContain('<td>Läste ditt ärende</td>');
    expect(page).toContain('<td>Läste listan över dina ärenden</td>');
    expect(page).toContain('En uppgift av allmänt intresse eller myndighetsutövning');
    // 09:30 UTC in November is 10:30 in Sweden.
    expect(page).toContain('<time datetime="2026-11-20T09:30:00.000Z">2026-11-20 10:30</time>');
    expect(page).toContain('href="/mina-uppgifter?lang=en" lang="en" hreflang="en">In English</a>');

    const english = await render([live(2)], 'en');
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<td>Read your case</td>');
    expect(english).toContain('<td>Apply for a building permit</td>');
    expect(english).toContain('20 Nov 2026, 10:30');
    expect(english).toContain('lang="sv" hreflang="sv">På svenska</a>');
  });

  it('escapes whatever a record holds, and names an outcome in words, never by colour alone', async () => {
    const page = await render([
      live(3, {
        eService: '<script>alert(1)</script>',
        operation: '"><img src=x onerror=alert(1)>',
        contract: null,
        outcome: 'failure',
        problem: 'upstream_unavailable',
      }),
    ]);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain(
      'Misslyckades <span class="problem">(Felkod <code>upstream_unavailable</code>)</span>',
    );
  });

  it('shows the empty state, a pruned record by its date, and the page itself by name', async () => {
    expect(await render([])).toContain('<strong>Inga uppgifter ännu.</strong>');
    expect(await render([], 'en')).toContain('<strong>Nothing yet.</strong>');
    expect(await render([], 'sv', { query: { from: '2026-01-01' } })).toContain(
      'Inga uppgifter under den valda perioden.',
    );
    const page = await render([
      { status: 'pruned', seq: 1, date: '2020-02-02' },
      live(2, { eService: citizenClientId, contract: null, operation: 'audit.view-own-records' }),
    ]);
    expect(page).toContain('<time datetime="2020-02-02">2020-02-02</time></th><td colspan="6">');
    expect(page).toContain('<td>Du tittade på dina uppgifter här</td>');
    expect(page).toContain('<td>Mina uppgifter</td>');
  });

  it('keeps the period and language in the paging and download links, and no personnummer anywhere', async () => {
    const page = await render([live(120)], 'en', {
      total: 200,
      offset: 50,
      query: { from: '2026-01-01', to: '2026-12-31', before: 121 },
      olderThan: 120,
    });
    expect(page).toContain(
      'href="/mina-uppgifter?lang=en&amp;from=2026-01-01&amp;to=2026-12-31&amp;before=120">Show older</a>',
    );
    expect(page).toContain(
      'href="/mina-uppgifter?lang=en&amp;from=2026-01-01&amp;to=2026-12-31">Back to the newest</a>',
    );
    expect(page).toContain(
      'href="/mina-uppgifter/ladda-ner.csv?lang=en&amp;from=2026-01-01&amp;to=2026-12-31"',
    );
    expect(page).toContain('Showing 51–51 of 200.');
    expect(page).not.toMatch(/\d{6}[-+]?\d{4}/);
  });

  it('marks the Swedish law name as Swedish on the English page (WCAG 3.1.2)', async () => {
    const english = await render([live(1)], 'en');
    expect(english).toContain(
      '<td>A task in the public interest or the exercise of official authority (GDPR Article 6(1)(e); <span lang="sv">Plan- och bygglagen (2010:900)</span>)</td>',
    );
    const swedish = await render([live(1)], 'sv');
    expect(swedish).toContain('(GDPR artikel 6(1)(e); Plan- och bygglagen (2010:900))</td>');
    expect(swedish).not.toContain('<span lang="sv">');
    expect(await render([live(1, { legalReference: null })], 'en')).not.toContain('<span lang="sv">');
  });

  it('calls the request id a reference, not an error code, when the page cannot be shown', () => {
    const swedish = String(renderUnavailable('sv', 'req-1'));
    expect(swedish).toContain('<p>Referens: <code>req-1</code></p>');
    expect(swedish).not.toContain('Felkod');
    expect(String(renderUnavailable('en', 'req-1'))).toContain('<p>Reference: <code>req-1</code></p>');
  });

  it('has a way in before login and after logout', async () => {
    expect(String(await renderLoginPage('sv'))).toContain(
      '<a class="button" href="/mina-uppgifter/logga-in?lang=sv">Logga in med e-legitimation</a>',
    );
    expect(String(await renderCitizenLoggedOut('en'))).toContain('<h1>You are logged out</h1>');
  });
});

describe('paging', () => {
  const entries = Array.from({ length: 7 }, (_, index) => live(index + 1));

  it('gives the newest first, and where "show older" continues', () => {
    const first = pageOf(entries, undefined, 3);
    expect(first.entries.map((entry) => entry.seq)).toEqual([7, 6, 5]);
    expect(first).toMatchObject({ total: 7, offset: 0, olderThan: 5 });
    const second = pageOf(entries, first.olderThan, 3);
    expect(second.entries.map((entry) => entry.seq)).toEqual([4, 3, 2]);
    expect(second).toMatchObject({ offset: 3, olderThan: 2 });
    const last = pageOf(entries, second.olderThan, 3);
    expect(last.entries.map((entry) => entry.seq)).toEqual([1]);
    expect(last.olderThan).toBeUndefined();
    expect(pageOf(entries, 1, 3).entries).toEqual([]);
  });
});
