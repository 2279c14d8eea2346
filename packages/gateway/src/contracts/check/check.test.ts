import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ThingsVariant, thingsEntry } from '../fixtures.test-support.ts';
import { builtInContracts } from '../registry.ts';
import { checkContract } from './check.ts';
import { readCommitted } from './files.ts';
import { runContractsCheck } from './run.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-contracts-check-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(variant: ThingsVariant, write = false) {
  let out = '';
  let err = '';
  const code = runContractsCheck([thingsEntry(variant, dir)], {
    write,
    io: {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        err += text;
      },
    },
  });
  return { code, out, err };
}

/** Publishes every version of the unedited contract, as if committed earlier. */
function publish(variant: ThingsVariant = {}) {
  expect(run(variant, true).code).toBe(0);
}

describe('brygga contracts check', () => {
  it('fails while versions are unpublished, and --write publishes them', () => {
    const before = run({});
    expect(before.code).toBe(1);
    expect(before.err).toContain('2026-03-01.json  not published yet');
    const written = run({}, true);
    expect(written.code).toBe(0);
    expect(written.out).toMatch(/written\s+2026-01-01\.json {2}published/);
    expect(run({}).out).toMatch(/ok\s+2026-01-01\.json {2}unchanged/);
  });

  it('fails on a tampered published document, naming the file and the first differing JSON path', () => {
    publish();
    const file = join(dir, '2026-01-01.json');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('"summary": "Get a thing"', '"summary": "Get one"'),
    );
    const result = run({});
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'FAILED   2026-01-01.json  changed at #/paths/~1things~1{thingId}/get/summary',
    );
  });

  it('never rewrites a published document, even with --write', () => {
    publish();
    const file = join(dir, '2026-01-01.json');
    const tampered = readFileSync(file, 'utf8').replace(/("count": \{\s+"type": )"integer"/, '$1"number"');
    expect(tampered).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, tampered);
    const result = run({}, true);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FAILED   2026-01-01.json');
    // The findings say what callers of the version would notice, by rule and path.
    expect(result.err).toMatch(
      /response-type-narrowed\s+\n?\s*listThings {2}response\.body#\/properties\/count/,
    );
    expect(readFileSync(file, 'utf8')).toBe(tampered);
  });

  it('fails on a breaking edit at the head, naming the rule and the JSON path', () => {
    publish();
    const result = run({ dropColour: true }, true);
    expect(result.code).toBe(1);
    expect(result.err).toContain('FAILED   2026-03-01.json  breaking change at the head');
    expect(result.err).toContain('response-property-removed');
    expect(result.err).toContain('getThing  response.body#/properties/colour');
    // The same edit reached the older version through derivation: it fails too.
    expect(result.err).toContain('FAILED   2026-01-01.json  changed at #/paths/~1things');
  });

  it('passes an additive edit at the head that older versions do not see, and --write records it', () => {
    publish();
    const additive = run({ addNote: true, hideNoteFromOlder: true });
    expect(additive.code).toBe(0);
    expect(additive.out).toMatch(/ok\s+2026-03-01\.json {2}head: 2 additive changes/);
    expect(additive.out).toMatch(/ok\s+2026-01-01\.json {2}unchanged/);
    expect(additive.out).toContain('response-property-added');

    const recorded = run({ addNote: true, hideNoteFromOlder: true }, true);
    expect(recorded.out).toMatch(/written\s+2026-03-01\.json {2}head: additive changes recorded/);
    expect(run({ addNote: true, hideNoteFromOlder: true }).out).toMatch(/ok\s+2026-03-01\.json {2}unchanged/);
  });

  it('fails when an additive head edit leaks into an older version that never had it', () => {
    publish();
    const result = run({ addNote: true });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /FAILED\s+2026-01-01\.json {2}changed at #\/paths\/~1things\/post\/responses\/201/,
    );
    expect(result.err).toMatch(/ok\s+2026-03-01\.json/);
  });

  it('accepts a breaking change published as a new version whose change keeps the older one as it was', () => {
    publish();
    const pending = run({ versionedDropColour: true });
    expect(pending.code).toBe(1);
    expect(pending.err).toContain('FAILED   2026-05-01.json  not published yet');
    expect(pending.err).toMatch(/ok\s+2026-03-01\.json {2}unchanged/);
    expect(run({ versionedDropColour: true }, true).code).toBe(0);
    expect(run({ versionedDropColour: true }).code).toBe(0);
  });

  it('refuses to publish a new version whose breaking differences no version change covers', () => {
    publish();
    const covered = checkContract(thingsEntry({ versionedDropColour: true }, dir), readCommitted(dir));
    expect(covered.verdicts[0]?.state).toBe('missing');
    const breaking = covered.verdicts[0]?.findings.filter((finding) => finding.severity === 'breaking');
    expect(breaking?.map((finding) => finding.operationId)).toEqual(['createThing', 'getThing']);

    const result = run({ versionedDropColour: true, forgetCreateThing: true }, true);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'FAILED   2026-05-01.json  breaking change at the head that no version change covers',
    );
    expect(result.err).toContain('createThing  response.body#/properties/colour');
    expect(result.err).not.toContain('getThing  response.body#/properties/colour');
    expect(readCommitted(dir).has('2026-05-01')).toBe(false);
  });
});

describe('the committed case-management documents', () => {
  it('match the contract (what `pnpm contracts:check` checks in CI)', () => {
    const [entry] = builtInContracts;
    if (!entry?.openapiDir) throw new Error('case-management has no openapi folder');
    const check = checkContract(entry, readCommitted(entry.openapiDir));
    // 2026-11-01 was the head until 2026-12-01 was published; as a published version it is frozen byte for byte.
    expect(check.verdicts.map((verdict) => [verdict.file, verdict.state])).toEqual([
      ['2026-12-01.json', 'unchanged'],
      ['2026-11-01.json', 'unchanged'],
      ['2026-08-15.json', 'unchanged'],
      ['2026-04-01.json', 'unchanged'],
      ['2026-01-15.json', 'unchanged'],
    ]);
  });
});
