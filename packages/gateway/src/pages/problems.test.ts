import { errorCatalogue, errorCodes, problemType } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { problemPages } from './problems.ts';

describe('problem type pages', () => {
  const app = problemPages();

  it('explains every stable code at the URI its problem documents name', async () => {
    for (const code of errorCodes) {
      const response = await app.request(problemType(code));
      expect(response.status, code).toBe(200);
      const text = await response.text();
      expect(text).toContain(`<code>${code}</code>`);
      expect(text).toContain(errorCatalogue[code].title.sv);
      expect(text).toContain(errorCatalogue[code].title.en);
    }
  });

  it('lists all codes on one page', async () => {
    const text = await (await app.request('/problems')).text();
    for (const code of errorCodes) expect(text).toContain(`href="${problemType(code)}"`);
  });

  it('does not invent pages for unknown codes', async () => {
    expect((await app.request('/problems/no-such-code')).status).toBe(404);
    expect((await app.request('/problems/not_found')).status).toBe(404);
  });
});
