import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const documentName = /^(\d{4}-\d{2}-\d{2})\.json$/;

/** The committed documents in `dir`, by version; empty when the folder does not exist yet. */
export function readCommitted(dir: string): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const documents = new Map<string, string>();
  for (const name of names.sort()) {
    const version = documentName.exec(name)?.[1];
    if (version !== undefined) documents.set(version, readFileSync(join(dir, name), 'utf8'));
  }
  return documents;
}

/**
 * Writes one document. `create` refuses to replace an existing file (a document appearing meanwhile is not
 * ours to overwrite); `replace` is only for the head's additive update, which the check has just compared.
 */
export function writeDocument(dir: string, file: string, text: string, mode: 'create' | 'replace'): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), text, { flag: mode === 'create' ? 'wx' : 'w' });
}
