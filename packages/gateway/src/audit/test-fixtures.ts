import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstance, gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../storage/throwaway-database.ts';
import { AuditLog, type AuditLogOptions } from './audit-log.ts';
import type { AuditKeys } from './keys.ts';
import { type PurposeRegistry, purposeRegistry } from './purposes.ts';
import type { AuditRecordInput } from './record.ts';

/*
 * Shared by the audit tests: keys, purposes, stores and records. Personnummer here are the published test
 * numbers of the personnummer package's own tests, not real people.
 */

export const people = {
  anna: '19850709-9805',
  bo: '8507699802', // a samordningsnummer
  cecilia: '121212+1212',
} as const;

export function signingKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function testKeys(keyId = 'audit-1', signingKeyId = 'checkpoint-1'): AuditKeys {
  const subject = { keyId, secret: randomBytes(32).toString('base64url') };
  const { privateKey, publicKey } = signingKeyPair();
  return {
    subject,
    subjectKeys: [subject],
    signing: { keyId: signingKeyId, privateKey },
    verifying: new Map([[signingKeyId, publicKey]]),
  };
}

export const testPurposes: PurposeRegistry = purposeRegistry({
  purposes: [
    {
      id: 'handlagga-bygglov',
      purpose: { sv: 'Handlägga bygglov.', en: 'Process building permits.' },
      legalBasis: { article: '6(1)(e)', reference: 'Plan- och bygglagen (2010:900)' },
      dataCategories: ['personnummer', 'namn'],
      dataSubjectCategories: ['sökande'],
      retentionClass: 'kort',
    },
    {
      id: 'visa-arenden',
      purpose: { sv: 'Visa dina ärenden.', en: 'Show your cases.' },
      legalBasis: { article: '6(1)(e)' },
      dataCategories: ['ärenden'],
      dataSubjectCategories: ['sökande'],
      retentionClass: 'lang',
    },
  ],
});

export function sampleRecord(index: number, personnummer: string = people.anna): AuditRecordInput {
  return {
    actor: { kind: 'citizen' },
    subject: { personnummer },
    eService: 'bygglov-ansokan',
    businessSystem: 'arendehantering',
    contract: { name: 'case-management', version: '2026-01-15' },
    operation: index % 2 === 0 ? 'getCase' : 'listCases',
    purpose: 'handlagga-bygglov',
    outcome: index % 7 === 3 ? { status: 'failure', problem: 'service_unavailable' } : { status: 'success' },
    traceId: randomBytes(16).toString('hex'),
    requestId: `req-${index}`,
  };
}

export function tempDir(prefix = 'brygga-audit-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function openSqlite(path: string): Promise<Store> {
  const store = await openStore({ driver: 'sqlite', path });
  await migrate(store, gatewayMigrations);
  return store;
}

export async function openTestLog(
  store: Store,
  keys: AuditKeys,
  checkpointDir: string,
  options: Partial<AuditLogOptions> = {},
): Promise<AuditLog> {
  const instance = await ensureInstance(store);
  return AuditLog.open({
    store,
    keys,
    purposes: testPurposes,
    origin: instance.id,
    checkpointDir,
    checkpoints: { every: 100, seconds: 3600 },
    ...options,
  });
}

export const postgresAdminUrl = process.env.BRYGGA_TEST_DATABASE_URL;

/** A fresh PostgreSQL database per test file, dropped afterwards. */
export async function createPostgresDatabase(): Promise<ThrowawayDatabase> {
  if (!postgresAdminUrl) throw new Error('BRYGGA_TEST_DATABASE_URL is not set');
  return createThrowawayDatabase(postgresAdminUrl, 'brygga_audit');
}
