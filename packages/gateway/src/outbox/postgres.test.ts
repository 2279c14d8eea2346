// Several gateway instances on one PostgreSQL database share the outbox: each has its own connection pool, audit
// log and worker, and every submission reaches the business system (a real HTTP server on loopback that applies
// an idempotency key once and counts raw calls) exactly once in effect.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Adapter } from '@brygga/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../audit/index.ts';
import { openTestLog, tempDir, testKeys } from '../audit/test-fixtures.ts';
import { thingsContract } from '../contracts/fixtures.test-support.ts';
import { createLogger } from '../log/index.ts';
import { ensureInstance, gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../storage/throwaway-database.ts';
import { outboxAcceptor } from './accept.ts';
import { thingsSubmission } from './fixtures.test-support.ts';
import { outboxSealer } from './seal.ts';
import { claimDue } from './sql.ts';
import { OutboxWorker } from './worker.ts';

const adminUrl = process.env.BRYGGA_TEST_DATABASE_URL;
const contract = thingsContract();
const logger = createLogger({ level: 'silent' });
const sealer = outboxSealer({ auditHmac: { keyId: 'a1', key: 'k'.repeat(40), previous: [] } });

/** The business system: creates a thing per new Idempotency-Key, and answers a repeated key with the same thing. */
function thingsServer() {
  const byKey = new Map<string, { thingId: string; name: string; colour: string }>();
  let rawCalls = 0;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => {
      rawCalls += 1;
      const key = String(req.headers['idempotency-key']);
      let thing = byKey.get(key);
      if (!thing) {
        thing = { thingId: `t${byKey.size + 1}`, ...(JSON.parse(text) as { name: string; colour: string }) };
        byKey.set(key, thing);
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(thing));
    });
  });
  return { server, byKey, rawCalls: () => rawCalls };
}

if (adminUrl) {
  describe('the outbox shared by two instances on PostgreSQL', () => {
    let database: ThrowawayDatabase;
    const dir = tempDir('brygga-outbox-pg-');
    const system = thingsServer();
    let url = '';
    const instances: { store: Store; audit: AuditLog }[] = [];
    const adapter: Adapter = {
      contract: contract.name,
      contractVersion: contract.head.version,
      handlers: {
        async createThing(request, context) {
          const res = await fetch(`${url}/things`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': String(context.idempotencyKey),
            },
            body: JSON.stringify(request.body),
            signal: context.signal,
          });
          return { status: res.status, body: await res.json() };
        },
      },
    };

    beforeAll(async () => {
      database = await createThrowawayDatabase(adminUrl, 'brygga_outbox');
      await new Promise<void>((resolve) => system.server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(system.server.address() as AddressInfo).port}`;
      for (const name of ['a', 'b']) {
        const store = await openStore({ driver: 'postgres', connectionString: database.url, poolMax: 4 });
        await migrate(store, gatewayMigrations);
        await ensureInstance(store);
        const audit = await openTestLog(store, testKeys(), `${dir.path}/${name}`);
        instances.push({ store, audit });
      }
    });

    afterAll(async () => {
      for (const { store, audit } of instances) {
        await audit.close();
        await store.close();
      }
      await new Promise((resolve) => system.server.close(resolve));
      await database?.drop();
      dir.remove();
    });

    const worker = (index: number, now?: () => number) => {
      const instance = instances[index];
      if (!instance) throw new Error('no such instance');
      return new OutboxWorker({
        ...(now ? { now } : {}),
        sealer,
        keepReceiptsDays: 30,
        retentionBatch: 7,
        ...instance,
        contracts: [contract],
        adapters: () => ({ adapter, timeoutMs: 5_000 }),
        budget: { maxAttempts: 5, maxAgeSeconds: 600, backoff: { initialMs: 1, maxMs: 5 } },
        pollMs: 10,
        batchSize: 4,
        leaseMs: 60_000,
        logger,
      });
    };

    async function submitMany(count: number, prefix: string): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const instance = instances[i % 2];
        if (!instance) throw new Error('no such instance');
        const accepted = await outboxAcceptor({ audit: instance.audit, publicUrl: 'http://gw', sealer })(
          thingsSubmission(contract, `${prefix}-${i}`),
        );
        ids.push((await accepted.json()).receiptId);
      }
      return ids;
    }

    async function drain(workers: OutboxWorker[], store: Store) {
      for (let round = 0; round < 200; round += 1) {
        await Promise.all(workers.map((each) => each.pollOnce()));
        const [row] = await store.query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM brygga_outbox WHERE state IN ('pending', 'delivering')`,
        );
        if (Number(row?.n) === 0) return;
      }
      throw new Error('the outbox did not drain');
    }

    async function states(store: Store, ids: readonly string[]) {
      const rows = await store.query<{ receipt_id: string; state: string; result: string }>(
        'SELECT receipt_id, state, result FROM brygga_outbox',
      );
      return rows.filter((row) => ids.includes(row.receipt_id));
    }

    it('delivers N submissions once each when two workers poll at the same time', async () => {
      const n = 40;
      const ids = await submitMany(n, 'together');
      const before = system.rawCalls();
      const effectsBefore = system.byKey.size;
      const store = instances[0]?.store as Store;
      await drain([worker(0), worker(1)], store);
      expect(system.rawCalls() - before).toBe(n);
      expect(system.byKey.size - effectsBefore).toBe(n);
      for (const id of ids) expect(system.byKey.has(id)).toBe(true);
      const rows = await states(store, ids);
      expect(rows.map((row) => row.state)).toEqual(Array(n).fill('delivered'));
      // The stored result is sealed too.
      const thingIds = rows.map(
        (row) => JSON.parse(sealer.open(row.receipt_id, 'result', row.result) ?? '{}').body.thingId,
      );
      expect(new Set(thingIds).size).toBe(n);
    });

    it('takes over the rows of an instance that crashed mid-delivery, and the key keeps the effect single', async () => {
      const n = 12;
      const ids = await submitMany(n, 'crash');
      const store = instances[0]?.store as Store;
      const before = system.rawCalls();
      const effectsBefore = system.byKey.size;
      // A third instance leases half of them, sends them, and dies before writing anything: its lease runs out.
      const now = Date.now();
      const crashed = await claimDue(store, { owner: 'crashed', now, leaseUntil: now - 1, limit: n / 2 });
      expect(crashed).toHaveLength(n / 2);
      for (const row of crashed) {
        await fetch(`${url}/things`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': row.receiptId },
          body: JSON.stringify(
            JSON.parse(sealer.open(row.receiptId, 'request', row.request ?? '') ?? '{}').body,
          ),
        });
      }
      await drain([worker(0), worker(1)], store);
      expect(system.rawCalls() - before).toBe(n + n / 2);
      expect(system.byKey.size - effectsBefore).toBe(n);
      const rows = await states(store, ids);
      expect(rows.map((row) => row.state)).toEqual(Array(n).fill('delivered'));
      // The crashed instance's attempt counted against the budget.
      const [row] = await store.query<{ attempts: number }>(
        'SELECT attempts FROM brygga_outbox WHERE receipt_id = $1',
        [crashed[0]?.receiptId ?? ''],
      );
      expect(row?.attempts).toBe(2);
    });

    it('deletes expired receipts in batches and keeps dead ones for an operator', async () => {
      const store = instances[0]?.store as Store;
      const [dead] = await submitMany(1, 'dead');
      await store.execute(`UPDATE brygga_outbox SET state = 'dead' WHERE receipt_id = $1`, [dead ?? '']);
      const [final] = await store.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM brygga_outbox WHERE state IN ('delivered', 'failed')`,
      );
      expect(Number(final?.n)).toBeGreaterThan(7);
      // 31 days on: every final receipt is past `keepReceiptsDays`.
      const later = worker(1, () => Date.now() + 31 * 86_400_000);
      expect(await later.deleteExpired()).toBe(Number(final?.n));
      const left = await store.query<{ receipt_id: string }>('SELECT receipt_id FROM brygga_outbox');
      expect(left.map((each) => each.receipt_id)).toEqual([dead]);
    });

    it('stores the request sealed, and delivers it opened', async () => {
      const store = instances[0]?.store as Store;
      const [id] = await submitMany(1, 'sealed');
      const [stored] = await store.query<{ request: string }>(
        'SELECT request FROM brygga_outbox WHERE receipt_id = $1',
        [id ?? ''],
      );
      expect(stored?.request).toMatch(/^v1\.a1\./);
      expect(stored?.request).not.toContain('sealed-0');
      await drain([worker(0)], store);
      expect(system.byKey.get(id ?? '')).toMatchObject({ name: 'sealed-0' });
    });
  });
} else if (process.env.CI) {
  describe('the outbox on PostgreSQL', () => {
    it('needs BRYGGA_TEST_DATABASE_URL', () => {
      throw new Error('BRYGGA_TEST_DATABASE_URL is not set: in CI the PostgreSQL outbox tests must run.');
    });
  });
} else {
  describe.skip('the outbox on PostgreSQL (set BRYGGA_TEST_DATABASE_URL to run)', () => {
    it('is skipped', () => {});
  });
}
