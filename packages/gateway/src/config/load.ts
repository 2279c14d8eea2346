import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkConfigText } from './check.ts';
import { ConfigError } from './config-error.ts';
import type { Env } from './fields.ts';
import type { BryggaConfig } from './finalize.ts';

/** Reads, checks and resolves a configuration file. Throws `ConfigError` listing every mistake. */
export async function loadConfig(filePath: string, options: { env?: Env } = {}): Promise<BryggaConfig> {
  const absolute = resolve(filePath);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path: '', message: unreadableMessage(absolute, error) }], absolute);
  }
  const result = checkConfigText(text, {
    filePath: absolute,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  if (!result.ok) throw new ConfigError(result.issues, absolute);
  return result.config;
}

function unreadableMessage(filePath: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return `The configuration file ${filePath} does not exist. Give the right path with --config or BRYGGA_CONFIG.`;
    case 'EACCES':
    case 'EPERM':
      return `The configuration file ${filePath} cannot be read: permission denied.`;
    case 'EISDIR':
      return `${filePath} is a folder, not a configuration file.`;
    default:
      return `The configuration file ${filePath} cannot be read${code === '' ? '' : ` (${code})`}.`;
  }
}
