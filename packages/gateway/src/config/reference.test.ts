import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docsUrl, referenceMarker } from './docs-marker.ts';
import { configJsonSchema, renderConfigReference } from './index.ts';

describe('docs/configuration.md', () => {
  it('carries the reference generated from the current schema', () => {
    const docs = readFileSync(docsUrl, 'utf8');
    const at = docs.indexOf(referenceMarker);
    expect(at, `docs/configuration.md lost its marker line: ${referenceMarker}`).toBeGreaterThan(-1);
    const generated = docs.slice(at + referenceMarker.length).trimStart();
    expect(
      generated,
      'docs/configuration.md is out of date with the config schema. Regenerate it with: pnpm exec node packages/gateway/src/config/write-docs.ts',
    ).toBe(renderConfigReference());
  });
});

describe('renderConfigReference', () => {
  const reference = renderConfigReference();

  /** The cells of the row for one field, with the table's padding removed. */
  function cellsOf(field: string): string[] | undefined {
    const line = reference.split('\n').find((each) => each.startsWith(`| \`${field}\` `));
    return line
      ?.slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
  }

  it('has a row for every field, with its type, default and description', () => {
    expect(cellsOf('server.port')).toEqual([
      '`server.port`',
      'whole number from 1 to 65535',
      '`7400`',
      'TCP port to listen on.',
    ]);
    expect(cellsOf('purposes[].legalBasis')?.slice(1, 3)).toEqual(['mapping', 'required']);
    expect(cellsOf('purposes[].legalBasis')?.[3]).toMatch(/^The legal basis under GDPR/);
    expect(cellsOf('storage.postgres.url')?.slice(1, 3)).toEqual([
      'secret reference { env: NAME }',
      '`{ env: BRYGGA_DATABASE_URL }`',
    ]);
    expect(cellsOf('identityProviders[].clientAuthentication.privateKey')?.[3]).toMatch(
      /^With method: private_key_jwt: /,
    );
  });

  it('leaves no field without a description', () => {
    const rows = reference.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(80);
    for (const row of rows) expect(row, row).not.toMatch(/\|\s*\|$/);
  });
});

describe('configJsonSchema', () => {
  it('describes the file as written, with defaults and no extra keys allowed', () => {
    const schema = configJsonSchema() as {
      type: string;
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { default?: unknown; description?: string }>;
    };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['keys']);
    expect(schema.properties.environment?.default).toBe('production');
    expect(schema.properties.purposes?.description).toMatch(/processing activities/);
  });
});
