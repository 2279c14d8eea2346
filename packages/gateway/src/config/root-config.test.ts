import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkConfigText, formatIssues } from './index.ts';

const rootConfigPath = fileURLToPath(new URL('../../../../brygga.config.yaml', import.meta.url));
const text = readFileSync(rootConfigPath, 'utf8');

/** The variables listed in the comment block at the top of the file (`#   NAME   what it is`). */
function documentedVariables(): string[] {
  const lines = text.split('\n');
  const headerEnd = lines.findIndex((line) => !line.startsWith('#'));
  return lines.slice(0, headerEnd).flatMap((line) => /^#\s+([A-Z][A-Z0-9_]*)\s{2,}/.exec(line)?.[1] ?? []);
}

/** Every `{ env: NAME }` the file really uses. */
function referencedVariables(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedVariables);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.env === 'string' && Object.keys(record).length === 1) return [record.env];
    return Object.values(record).flatMap(referencedVariables);
  }
  return [];
}

describe('the dev-stack brygga.config.yaml at the repository root', () => {
  it('documents exactly the environment variables it uses', () => {
    expect(documentedVariables().sort()).toEqual(referencedVariables(parse(text)).sort());
  });

  it('validates with the variables it documents, as the development environment', () => {
    const env = Object.fromEntries(
      documentedVariables().map((name) => [name, `dev-only-${name.toLowerCase()}-value`]),
    );
    const result = checkConfigText(text, { filePath: rootConfigPath, env });
    if (!result.ok) throw new Error(formatIssues(result.issues, rootConfigPath));
    const { config } = result;
    expect(config.environment).toBe('development');
    expect(config.server.publicUrl).toBe('http://127.0.0.1:7400');
    expect(config.identityProviders.map((idp) => [idp.id, idp.issuer])).toEqual([
      ['test-bankid', 'http://127.0.0.1:7401'],
    ]);
    expect(config.businessSystems.map((system) => [system.id, system.baseUrl])).toEqual([
      ['arendehantering', 'http://127.0.0.1:7402'],
      ['funktionsbrevlada', 'smtp://127.0.0.1:7425'],
    ]);
    expect(config.eServices[1]?.contracts).toEqual([
      {
        contract: 'form-submission',
        version: '2026-12-01',
        businessSystem: 'funktionsbrevlada',
        delivery: 'direct',
      },
    ]);
    expect(config.eServices[0]?.contracts).toEqual([
      {
        contract: 'case-management',
        version: '2026-12-01',
        businessSystem: 'arendehantering',
        delivery: 'direct',
      },
    ]);
    expect(config.eServices[0]?.client.redirectUris).toEqual(['http://127.0.0.1:7403/callback']);
    expect(config.purposes[0]?.legalBasis).toEqual({
      article: '6(1)(e)',
      reference: 'Plan- och bygglagen (2010:900)',
    });
    expect(config.storage).toEqual({
      driver: 'sqlite',
      sqlite: { path: fileURLToPath(new URL('../../../../.brygga/brygga.db', import.meta.url)) },
    });
  });

  it('names each documented variable when none is set', () => {
    const result = checkConfigText(text, { filePath: rootConfigPath, env: {} });
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.issues.map((issue) => issue.message);
    expect(messages).toHaveLength(documentedVariables().length);
    for (const name of documentedVariables())
      expect(messages.some((message) => message.includes(name))).toBe(true);
  });
});
