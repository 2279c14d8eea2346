import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GatewayFixture {
  readonly dir: string;
  readonly configPath: string;
  readonly env: Record<string, string>;
  remove(): void;
}

/** A minimal valid configuration on a fresh embedded database in a temp folder, with throwaway keys. */
export function createGatewayFixture(port: number): GatewayFixture {
  const dir = mkdtempSync(join(tmpdir(), 'brygga-bench-'));
  const configPath = join(dir, 'brygga.config.yaml');
  writeFileSync(
    configPath,
    [
      'environment: test',
      'server:',
      '  host: 127.0.0.1',
      `  port: ${port}`,
      'logging:',
      '  level: warn',
      'storage:',
      '  driver: sqlite',
      '  sqlite:',
      '    path: data/brygga.db',
      'keys:',
      '  auditHmac:',
      '    keyId: bench-1',
      '    key: { env: BENCH_AUDIT_HMAC_KEY }',
      '  checkpointSigning:',
      '    keyId: bench-1',
      '    key: { env: BENCH_CHECKPOINT_KEY }',
      '',
    ].join('\n'),
  );
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    dir,
    configPath,
    env: {
      BENCH_AUDIT_HMAC_KEY: randomBytes(32).toString('base64url'),
      BENCH_CHECKPOINT_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
