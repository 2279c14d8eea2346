import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfigText, formatIssues } from '../config/index.ts';
import { createLogger } from '../log/index.ts';
import { startGateway } from '../runtime/gateway.ts';
import { auditKeysFromConfig } from './keys.ts';
import { people, sampleRecord, tempDir } from './test-fixtures.ts';
import { verifyAuditLog } from './verify-log.ts';

/* The audit log as the running gateway wires it: opened at start, served at /audit/extract, closed last. */

const dir = tempDir('brygga-audit-gateway-');
afterAll(() => dir.remove());

const token = randomBytes(24).toString('base64url');
const env = {
  BRYGGA_AUDIT_HMAC_KEY: randomBytes(32).toString('base64url'),
  BRYGGA_CHECKPOINT_SIGNING_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
  OFFICIAL_TOKEN: token,
};

function config() {
  const text = [
    'environment: test',
    'purposes:',
    '  - id: handlagga-bygglov',
    '    purpose: { sv: Handlägga bygglov., en: Process building permits. }',
    '    legalBasis: { article: 6(1)(e) }',
    '    dataCategories: [namn]',
    '    dataSubjectCategories: [sökande]',
    '    retentionClass: tio-ar',
    'retentionClasses: [{ id: tio-ar, duration: P10Y, description: Tio år. }]',
    'storage: { driver: sqlite, sqlite: { path: gateway.db } }',
    'audit:',
    '  checkpointDir: exported',
    '  officials: [{ id: registrator, name: Registrator, token: { env: OFFICIAL_TOKEN } }]',
    'keys:',
    '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
    '  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
  ].join('\n');
  const result = checkConfigText(text, { filePath: join(dir.path, 'brygga.config.yaml'), env });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

describe('the audit log in the running gateway', () => {
  it('serves extracts over HTTP and signs a final checkpoint before the store closes', async () => {
    const cfg = config();
    const gateway = await startGateway(cfg, {
      logger: createLogger({ level: 'silent' }),
      port: 0,
      probe: async () => true,
    });
    let closed = false;
    try {
      await gateway.audit.append(sampleRecord(0, people.anna));
      const response = await fetch(`${gateway.url}/audit/extract`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ personnummer: people.anna, reason: 'begäran om registerutdrag 2026-42' }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { count: number }).count).toBe(1);
      const refused = await fetch(`${gateway.url}/audit/extract?personnummer=198507099805`, {
        method: 'POST',
      });
      expect(refused.status).toBe(401);
      await gateway.close('test over');
      closed = true;
      // Two records (the call and the extract), one final checkpoint, exported beside the configuration.
      expect(readdirSync(join(dir.path, 'exported'))).toEqual(['checkpoint-0000000000000002.json']);
      await expect(gateway.audit.append(sampleRecord(1))).rejects.toMatchObject({ code: 'shutting_down' });
    } finally {
      if (!closed) await gateway.close('test failed');
    }
    // The store closed after the log: reopen it to verify what the gateway left behind.
    const again = await startGateway(cfg, {
      logger: createLogger({ level: 'silent' }),
      port: 0,
      probe: async () => true,
    });
    try {
      const report = await verifyAuditLog(again.store, {
        trusted: auditKeysFromConfig(cfg).verifying,
        checkpointDir: cfg.audit.checkpointDir,
      });
      expect(report).toMatchObject({ ok: true, records: 2, checkpoints: 1, exportedFiles: 1 });
    } finally {
      await again.close();
    }
  });

  it('refuses to start with a signing key that is not Ed25519, naming the setting and not the key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const text = [
      'environment: test',
      'storage: { driver: sqlite, sqlite: { path: refused.db } }',
      'keys:',
      '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
      '  checkpointSigning: { keyId: c1, key: { env: RSA_KEY } }',
    ].join('\n');
    const result = checkConfigText(text, {
      filePath: join(dir.path, 'x.yaml'),
      env: { ...env, RSA_KEY: rsa },
    });
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const error = await startGateway(result.config, {
      logger: createLogger({ level: 'silent' }),
      port: 0,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'internal_error' });
    expect((error as Error).message).toBe(
      'keys.checkpointSigning.key is a rsa key; checkpoints are signed with Ed25519.',
    );
  });
});
