import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { parseSigningKey, publicKeyText } from '../../audit/index.ts';
import { loadConfig } from '../../config/index.ts';
import { configOption, configPath, defineCommand } from '../command.ts';
import { reportFailure } from '../report-failure.ts';

const kinds = ['audit-hmac', 'checkpoint-signing'] as const;
type Kind = (typeof kinds)[number];

export const keysRotateCommand = defineCommand({
  path: ['keys', 'rotate'],
  summary: 'Make a new audit HMAC key or checkpoint signing key and say how to switch to it.',
  usage: 'keys rotate --key audit-hmac|checkpoint-signing [--config file] [--key-id id] [--env NAME]',
  description: [
    'Prints a new key and the exact change to make in the configuration: the new key id and environment',
    'variable, and the current key moved to `previous` so records and checkpoints made with it stay',
    'findable and verifiable. It changes nothing itself: it cannot set environment variables or write to',
    'your secret store. The output holds a secret; do not paste it into tickets, chats or logs.',
  ].join('\n'),
  options: {
    ...configOption.options,
    key: { type: 'string' },
    'key-id': { type: 'string' },
    env: { type: 'string' },
  },
  optionHelp: {
    ...configOption.help,
    key: 'Which key: audit-hmac (pseudonymises subjects) or checkpoint-signing (signs checkpoints).',
    'key-id': "Id of the new key (default: the kind and today's date, e.g. audit-2026-11-27).",
    env: 'Environment variable for the new key (default: the current one with the date appended).',
  },
  async run(context) {
    const { io, values } = context;
    const kind = values.key;
    if (typeof kind !== 'string' || !kinds.includes(kind as Kind)) {
      io.stderr('brygga keys rotate: --key must be audit-hmac or checkpoint-signing.\n');
      return 2;
    }
    const file = configPath(context);
    try {
      const config = await loadConfig(file, { env: io.env });
      // The validated configuration holds secret values only; the variable names are in the file itself.
      const raw = parse(await readFile(file, 'utf8')) as { keys?: Record<string, unknown> } | null;
      const today = new Date().toISOString().slice(0, 10);
      const stamp = today.replaceAll('-', '');
      if (kind === 'audit-hmac') {
        const current = config.keys.auditHmac;
        const currentEnv = envName(raw?.keys?.auditHmac) ?? 'BRYGGA_AUDIT_HMAC_KEY';
        const keyId =
          typeof values['key-id'] === 'string' ? values['key-id'] : freshId('audit', today, current);
        const env = typeof values.env === 'string' ? values.env : `${baseEnv(currentEnv)}_${stamp}`;
        const previousEnvs = (listOf(raw?.keys?.auditHmac, 'previous') ?? []).map(envName);
        io.stdout(
          [
            `New audit HMAC key "${keyId}". Brygga cannot set environment variables or write to your secret store:`,
            'make these changes yourself. The value below is a secret.',
            '',
            `1. Put this value in the environment variable ${env} of every gateway instance:`,
            '',
            `   ${randomBytes(32).toString('base64url')}`,
            '',
            `   Keep ${currentEnv} set as it is: the previous key is still needed to find older records.`,
            '',
            `2. In ${file}, make keys.auditHmac read:`,
            '',
            '  auditHmac:',
            `    keyId: ${keyId}`,
            `    key: { env: ${env} }`,
            '    previous:',
            `      - { keyId: ${current.keyId}, key: { env: ${currentEnv} } }`,
            ...current.previous.map(
              (previous, index) =>
                `      - { keyId: ${previous.keyId}, key: { env: ${previousEnvs[index] ?? 'SET_ME'} } }`,
            ),
            '',
            '3. Run `brygga config check`, then restart every gateway instance. New records use the new key;',
            '   extracts look people up under every key listed, so older records are still found.',
            '',
          ].join('\n'),
        );
        return 0;
      }
      const current = config.keys.checkpointSigning;
      const currentEnv = envName(raw?.keys?.checkpointSigning) ?? 'BRYGGA_CHECKPOINT_SIGNING_KEY';
      const currentPublic = publicKeyText(parseSigningKey(current.key));
      const keyId =
        typeof values['key-id'] === 'string' ? values['key-id'] : freshId('checkpoint', today, current);
      const env = typeof values.env === 'string' ? values.env : `${baseEnv(currentEnv)}_${stamp}`;
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim();
      io.stdout(
        [
          `New checkpoint signing key "${keyId}". Brygga cannot set environment variables or write to your secret`,
          'store: make these changes yourself. The private key below is a secret.',
          '',
          `1. Put this private key (all of it, PEM lines included) in the environment variable ${env}:`,
          '',
          ...pem.split('\n').map((line) => `   ${line}`),
          '',
          `2. In ${file}, make keys.checkpointSigning read:`,
          '',
          '  checkpointSigning:',
          `    keyId: ${keyId}`,
          `    key: { env: ${env} }`,
          '    previous:',
          `      - { keyId: ${current.keyId}, publicKey: ${currentPublic} }`,
          ...current.previous.map(
            (previous) => `      - { keyId: ${previous.keyId}, publicKey: ${previous.publicKey} }`,
          ),
          '',
          '3. Run `brygga config check`, then restart every gateway instance. New checkpoints are signed with the',
          '   new key; `brygga audit verify` checks older ones with the public keys under previous.',
          `4. Then destroy the old private key in ${currentEnv}: only its public half is needed from now on.`,
          '',
        ].join('\n'),
      );
      return 0;
    } catch (error) {
      return reportFailure(io, 'keys rotate', error);
    }
  },
});

function envName(reference: unknown): string | undefined {
  if (typeof reference !== 'object' || reference === null) return undefined;
  const key = (reference as { key?: unknown }).key;
  if (typeof key !== 'object' || key === null) return undefined;
  const env = (key as { env?: unknown }).env;
  return typeof env === 'string' ? env : undefined;
}

function listOf(value: unknown, name: string): unknown[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const list = (value as Record<string, unknown>)[name];
  return Array.isArray(list) ? list : undefined;
}

/** `BRYGGA_X_20261127` rotated again gives `BRYGGA_X_20270101`, not `BRYGGA_X_20261127_20270101`. */
function baseEnv(name: string): string {
  return name.replace(/_\d{8}$/, '');
}

function freshId(
  prefix: string,
  today: string,
  ring: { keyId: string; previous: readonly { keyId: string }[] },
) {
  const used = new Set([ring.keyId, ...ring.previous.map((key) => key.keyId)]);
  let candidate = `${prefix}-${today}`;
  for (let n = 2; used.has(candidate); n += 1) candidate = `${prefix}-${today}-${n}`;
  return candidate;
}
