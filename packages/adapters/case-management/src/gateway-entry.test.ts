import { describe, expect, it } from 'vitest';
import { createAdapter } from './gateway-entry.ts';

const system = {
  id: 'arendehantering',
  baseUrl: 'http://127.0.0.1:9',
  credentials: { type: 'apiKey', key: 'k' },
};

describe('createAdapter (the gateway entry point)', () => {
  it('serves the case-management contract on API v2 unless told otherwise', async () => {
    const adapter = createAdapter(system);
    expect(adapter.contract).toBe('case-management');
    expect(Object.keys(adapter.handlers).sort()).toEqual([
      'createCase',
      'getCase',
      'getCaseStatus',
      'listMyCases',
    ]);
    await adapter.close();
  });

  it('refuses a configuration it cannot use, naming the business system', () => {
    expect(() => createAdapter({ ...system, credentials: { type: 'none' } })).toThrow(
      /arendehantering.*apiKey/,
    );
    expect(() => createAdapter({ ...system, options: { apiVersion: 'v3' } })).toThrow(
      /apiVersion must be v1 or v2/,
    );
  });
});
