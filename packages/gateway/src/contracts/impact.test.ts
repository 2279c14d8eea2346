import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EServiceConfig } from '../config/index.ts';
import { checkContract, documentsToWrite } from './check/check.ts';
import { readCommitted, writeDocument } from './check/files.ts';
import { thingsEntry } from './fixtures.test-support.ts';
import { contractImpact, formatImpact } from './impact.ts';
import type { UsageRow } from './usage/event.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-impact-'));
  // The published state: every version of the unedited contract.
  const published = thingsEntry({}, dir);
  for (const verdict of documentsToWrite(checkContract(published, new Map()))) {
    writeDocument(dir, verdict.file, verdict.expected, 'create');
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const eService = (id: string, version: string) =>
  ({
    id,
    name: { sv: `Tjänst ${id}`, en: `Service ${id}` },
    owner: 'Stadsbyggnadsnämnden',
    responsible: { name: `Ansvarig ${id}`, email: `${id}@exempel.se` },
    contracts: [{ contract: 'things', version, businessSystem: 'b' }],
  }) as unknown as EServiceConfig;

const used = (eServiceId: string, version: string, operationId: string): UsageRow => ({
  day: '2026-03-10',
  eServiceId,
  contract: 'things',
  version,
  operationId,
  outcome: 'ok',
  calls: 12,
  lastAt: '2026-03-10T09:00:00.000Z',
});

const eServices = [
  eService('reader', '2026-03-01'),
  eService('counter', '2026-03-01'),
  eService('legacy', '2026-01-01'),
];
const usage = [
  used('reader', '2026-03-01', 'getThing'),
  used('counter', '2026-03-01', 'listThings'),
  used('legacy', '2026-01-01', 'listThings'),
];

function impact(variant: Parameters<typeof thingsEntry>[0], now: string) {
  const entry = thingsEntry(variant, dir);
  return contractImpact({
    entry,
    check: checkContract(entry, readCommitted(dir)),
    eServices,
    usage,
    now: Date.parse(now),
  });
}

describe('contractImpact', () => {
  it('names the e-service whose recorded calls a synthetic breaking change would break, with its owner', () => {
    const impacted = impact({ dropColour: true }, '2026-04-01T00:00:00Z');
    expect(impacted.map((each) => each.id)).toEqual(['reader']);
    expect(impacted[0]).toMatchObject({
      owner: 'Stadsbyggnadsnämnden',
      responsible: { name: 'Ansvarig reader', email: 'reader@exempel.se' },
      reasons: [{ kind: 'breaking', version: '2026-03-01', operationId: 'getThing' }],
    });
    const text = formatImpact('things', impacted);
    expect(text).toContain('reader  Tjänst reader');
    expect(text).toContain('calls getThing at 2026-03-01');
    expect(text).toContain('response-property-removed  response.body#/properties/colour');
  });

  it('names e-services on a deprecated or sunset version, by pin or by calls, and nobody when all is well', () => {
    expect(impact({}, '2026-04-01T00:00:00Z')).toEqual([]);
    const deprecated = impact({}, '2026-07-01T00:00:00Z');
    expect(deprecated.map((each) => [each.id, each.reasons.map((reason) => reason.kind)])).toEqual([
      ['legacy', ['deprecated']],
    ]);
    expect(formatImpact('things', deprecated)).toContain(
      'pinned to 2026-01-01, deprecated (deprecated 2026-06-01, sunset 2026-12-01)',
    );
    expect(impact({}, '2026-12-01T00:00:00Z')[0]?.reasons[0]).toMatchObject({ kind: 'sunset', via: 'pin' });
    expect(formatImpact('things', [])).toContain('no e-service uses a deprecated version');
  });

  it('counts nobody broken by a change published as a new version that keeps the older one', () => {
    expect(impact({ versionedDropColour: true }, '2026-04-01T00:00:00Z')).toEqual([]);
  });
});
