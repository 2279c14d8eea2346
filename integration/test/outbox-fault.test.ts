// The durable outbox's fault test (issue 6, "Done when"), bounded and on loopback: a real gateway process on
// SQLite with the real case-management adapter, and the real example business system as a process with its own
// SQLite file. N applications are submitted with `Prefer: respond-async` spread over the run; the business system
// is killed for 30 seconds in the middle (the circuit breaker opens, then closes once it is back); the gateway is
// killed with SIGKILL midway and started again on the same database. Every receipt must end delivered, and the
// business system's own store must hold exactly N cases, one per receipt.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arendeSystemYaml,
  baseEnv,
  basicAuthorization,
  bygglovPurposeYaml,
  contractsGatewayHeaderYaml,
  describeOutput,
  eServiceYaml,
  freePort,
  gatewaySecrets,
  makeTempDir,
  type NodeProcess,
  ProcessGroup,
  repoRoot,
  storageKeysAuditYaml,
  type TempDir,
  unreachableBankIdSecret,
  waitForReady,
} from '../src/index.ts';

const n = 30;
const outageMs = 30_000;
const citizen = '191212121212';
const apiKey = gatewaySecrets.BRYGGA_ARENDE_API_KEY;
const eService = { id: 'bygglov-ansokan', secret: 'fault-e-service-secret-0123456789abcdef' };
const authorization = basicAuthorization(eService.id, eService.secret);

const group = new ProcessGroup();
let dir: TempDir;
let gatewayPort: number;
let businessPort: number;
let configFile: string;
let businessDb: string;
let gateway: NodeProcess | undefined;
let business: NodeProcess | undefined;
const gatewayUrl = () => `http://127.0.0.1:${gatewayPort}`;
const businessUrl = () => `http://127.0.0.1:${businessPort}`;

function config(): string {
  return [
    ...contractsGatewayHeaderYaml({ port: gatewayPort, logLevel: 'info' }),
    'eServices:',
    ...eServiceYaml({
      id: eService.id,
      name: '{ sv: Ansök om bygglov, en: Apply for a building permit }',
      description: '{ sv: Ansök om bygglov. }',
      secretEnv: 'FAULT_ESERVICE_SECRET',
      contract: 'case-management',
      version: '2026-12-01',
      purpose: 'handlagga-bygglov',
    }),
    ...arendeSystemYaml({
      baseUrl: businessUrl(),
      extra: ['    timeouts: { connectMs: 500, requestMs: 2000 }'],
    }),
    ...bygglovPurposeYaml(),
    ...storageKeysAuditYaml({ driver: 'sqlite', path: join(dir.path, 'gateway', 'brygga.db') }),
    'outbox:',
    '  pollMs: 200',
    '  maxAttempts: 10000',
    '  maxAgeSeconds: 3600',
    '  backoff: { initialMs: 200, maxMs: 2000 }',
    '',
  ].join('\n');
}

async function startBusiness(): Promise<void> {
  const proc = group.spawnNode([join(repoRoot, 'examples/business-system/src/main.ts')], {
    cwd: dir.path,
    env: {
      ...baseEnv(),
      HOST: '127.0.0.1',
      PORT: String(businessPort),
      BUSINESS_SYSTEM_DB: businessDb,
      BUSINESS_SYSTEM_API_KEY: apiKey,
    },
  });
  business = proc;
  await waitForReady(`${businessUrl()}/health`, { timeoutMs: 20_000, proc }).catch((error: Error) => {
    throw new Error(`${error.message}${describeOutput(proc.output())}`);
  });
}

async function startGatewayProcess(): Promise<void> {
  // The working folder is the repo root: the gateway loads adapters from the deployment folder's packages.
  const proc = group.spawnNode([join(repoRoot, 'integration/test/outbox-fault.gateway.ts'), configFile], {
    cwd: repoRoot,
    env: {
      ...baseEnv(),
      ...gatewaySecrets,
      ...unreachableBankIdSecret,
      FAULT_ESERVICE_SECRET: eService.secret,
      FAULT_CITIZEN: citizen,
    },
  });
  gateway = proc;
  await waitForReady(`${gatewayUrl()}/health/ready`, { timeoutMs: 20_000, proc }).catch((error: Error) => {
    throw new Error(`${error.message}${describeOutput(proc.output())}`);
  });
}

/** Scrapes the gateway's breaker gauge in the background: the states seen, in order, across restarts. */
function watchBreaker(): { seen: string[]; stop(): Promise<void> } {
  const seen: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const text = await (
          await fetch(`${gatewayUrl()}/metrics`, { signal: AbortSignal.timeout(1_000) })
        ).text();
        const state = /brygga_breaker_state\{[^}]*state="(\w+)"[^}]*\}/.exec(text)?.[1];
        if (state !== undefined && seen.at(-1) !== state) seen.push(state);
      } catch {
        // The gateway is being restarted.
      }
      await sleep(200);
    }
  })();
  return {
    seen,
    async stop() {
      running = false;
      await loop;
    },
  };
}

beforeAll(async () => {
  dir = makeTempDir('brygga-outbox-fault');
  gatewayPort = await freePort();
  businessPort = await freePort();
  businessDb = join(dir.path, 'business', 'cases.db');
  configFile = dir.write('gateway/brygga.config.yaml', config());
  await startBusiness();
  await startGatewayProcess();
});

afterAll(async () => {
  await group.stopAll();
  dir?.remove();
});

const application = (index: number) => ({
  applicationType: 'bygglov',
  title: `Tillbyggnad ${index}`,
  description: 'Tillbyggnad om 25 kvadratmeter.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: { givenName: 'Tolvan', familyName: 'Tolvansson' },
});

async function submit(index: number): Promise<string> {
  const response = await fetch(`${gatewayUrl()}/api/case-management/cases`, {
    method: 'POST',
    headers: {
      authorization,
      'content-type': 'application/json',
      prefer: 'respond-async',
      'idempotency-key': `fault-${index}`,
    },
    body: JSON.stringify(application(index)),
  });
  const body = (await response.json()) as { receiptId: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  return body.receiptId;
}

interface Receipt {
  readonly status: string;
  readonly result?: { readonly status: number; readonly body: { readonly caseId: string } };
}

async function readReceipt(receiptId: string): Promise<Receipt> {
  const response = await fetch(`${gatewayUrl()}/receipts/${receiptId}`, { headers: { authorization } });
  expect(response.status).toBe(200);
  return (await response.json()) as Receipt;
}

async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean> | boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

describe('the outbox through a business-system outage and a gateway kill -9', () => {
  it('delivers all N submissions exactly once, and the breaker opens and closes', {
    timeout: 120_000,
  }, async () => {
    const breaker = watchBreaker();
    const receipts: string[] = [];
    try {
      // While everything is up.
      for (let i = 0; i < 10; i += 1) {
        receipts.push(await submit(i));
        await sleep(100);
      }

      // The business system goes down for 30 seconds.
      business?.kill('SIGKILL');
      await business?.exited;
      const downAt = Date.now();
      for (let i = 10; i < 20; i += 1) {
        receipts.push(await submit(i));
        await sleep(200);
      }
      await until('the breaker opening', 20_000, () => breaker.seen.includes('open'));

      // The gateway dies without a word, with rows leased and deliveries in flight, and comes back.
      gateway?.kill('SIGKILL');
      await gateway?.exited;
      await startGatewayProcess();
      for (let i = 20; i < n; i += 1) {
        receipts.push(await submit(i));
        await sleep(200);
      }

      // Data minimisation at rest: open rows hold the personnummer and the request, sealed. Neither form of the
      // number is anywhere in the database files (the WAL included), though 20 rows wait for delivery.
      const gatewayDb = new DatabaseSync(join(dir.path, 'gateway', 'brygga.db'), { readOnly: true });
      try {
        const open = gatewayDb
          .prepare(`SELECT citizen, request FROM brygga_outbox WHERE state IN ('pending', 'delivering')`)
          .all() as { citizen: string; request: string }[];
        expect(open.length).toBeGreaterThan(0);
        for (const row of open) {
          expect(row.citizen).toMatch(/^v1\./);
          expect(row.request).toMatch(/^v1\./);
        }
      } finally {
        gatewayDb.close();
      }
      for (const file of ['brygga.db', 'brygga.db-wal']) {
        const path = join(dir.path, 'gateway', file);
        if (!existsSync(path)) continue;
        const raw = readFileSync(path);
        for (const form of [citizen, citizen.slice(2), '121212-1212', `Tillbyggnad ${n - 1}`]) {
          expect(raw.includes(form), `${form} in ${file}`).toBe(false);
        }
      }

      await sleep(Math.max(0, downAt + outageMs - Date.now()));
      await startBusiness();

      const settled = new Map<string, Receipt>();
      await until('every receipt delivered', 60_000, async () => {
        for (const receiptId of receipts) {
          if (settled.has(receiptId)) continue;
          const receipt = await readReceipt(receiptId);
          expect(['accepted', 'delivering', 'delivered']).toContain(receipt.status);
          if (receipt.status === 'delivered') settled.set(receiptId, receipt);
        }
        return settled.size === n;
      });
      await until('the breaker closing', 10_000, () => breaker.seen.at(-1) === 'closed');
      expect(breaker.seen.indexOf('open')).toBeLessThan(breaker.seen.lastIndexOf('closed'));

      // The business system's own store: exactly N cases, one per receipt.
      const database = new DatabaseSync(businessDb, { readOnly: true });
      let stored: string[];
      try {
        stored = (database.prepare('SELECT id FROM cases').all() as { id: string }[]).map((row) => row.id);
      } finally {
        database.close();
      }
      expect(stored).toHaveLength(n);
      const caseIds = [...settled.values()].map((receipt) => receipt.result?.body.caseId);
      expect(new Set(caseIds).size).toBe(n);
      expect(new Set(caseIds)).toEqual(new Set(stored));
    } finally {
      await breaker.stop();
    }
  });
});
