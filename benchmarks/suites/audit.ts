import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuditKeys,
  AuditLog,
  type AuditRecordInput,
  purposeRegistry,
  verifyAuditLog,
} from '@brygga/gateway/audit';
import {
  ensureInstance,
  gatewayMigrations,
  migrate,
  openStore,
  type Store,
  type StoreOptions,
} from '@brygga/gateway/storage';
import type { ResultRow } from '../lib/table.ts';

/*
 * The audit log's write, verify and extract paths, on the embedded SQLite store and (when a database URL is
 * given) on PostgreSQL. Every append is durable: SQLite synchronous=FULL in WAL mode, PostgreSQL's default
 * synchronous_commit. The client here shares the two cores with the log it measures.
 */

const targets = {
  sqlitePerSecond: 50_000,
  postgresPerSecond: 10_000,
  verifyPerSecond: 300_000,
  extractP95Ms: 50,
};
const purposes = purposeRegistry({
  purposes: [
    {
      id: 'handlagga-bygglov',
      purpose: { sv: 'Handlägga bygglov.', en: 'Process building permits.' },
      legalBasis: { article: '6(1)(e)', reference: 'Plan- och bygglagen (2010:900)' },
      dataCategories: ['personnummer', 'namn', 'fastighetsbeteckning'],
      dataSubjectCategories: ['sökande'],
      retentionClass: 'arende-10ar',
    },
  ],
});

/** A valid 12-digit personnummer for person `n` (distinct for n < 10 million): a date and a Luhn digit. */
export function syntheticPersonnummer(n: number): string {
  const date = new Date(Date.UTC(1940, 0, 1) + (n % 20_000) * 86_400_000);
  const serial = String(1 + Math.floor(n / 20_000)).padStart(3, '0');
  const body = `${date.toISOString().slice(2, 10).replaceAll('-', '')}${serial}`;
  const sum = [...body].reduce((total, digit, index) => {
    const value = Number(digit) * (index % 2 === 0 ? 2 : 1);
    return total + (value > 9 ? value - 9 : value);
  }, 0);
  return `${date.getUTCFullYear().toString().slice(0, 2)}${body}${(10 - (sum % 10)) % 10}`;
}

function record(index: number, people: number): AuditRecordInput {
  return {
    actor: { kind: 'citizen' },
    subject: { personnummer: syntheticPersonnummer(index % people) },
    eService: 'bygglov-ansokan',
    businessSystem: 'arendehantering',
    contract: { name: 'case-management', version: '2026-01-15' },
    operation: index % 3 === 0 ? 'createCase' : 'getCase',
    purpose: 'handlagga-bygglov',
    outcome: { status: 'success' },
    traceId: randomBytes(16).toString('hex'),
    requestId: `bench-${index}`,
  };
}

interface Fixture {
  readonly store: Store;
  readonly log: AuditLog;
  readonly keys: AuditKeys;
  readonly checkpointDir: string;
  close(): Promise<void>;
}

async function openFixture(options: StoreOptions, dir: string, maxBatch: number): Promise<Fixture> {
  const store = await openStore(options);
  await migrate(store, gatewayMigrations);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const subject = { keyId: 'bench-1', secret: randomBytes(32).toString('base64url') };
  const keys: AuditKeys = {
    subject,
    subjectKeys: [subject],
    signing: { keyId: 'bench-1', privateKey },
    verifying: new Map([['bench-1', publicKey]]),
  };
  const checkpointDir = join(dir, 'checkpoints');
  const log = await AuditLog.open({
    store,
    keys,
    purposes,
    origin: (await ensureInstance(store)).id,
    checkpointDir,
    checkpoints: { every: 10_000, seconds: 60 },
    maxBatch,
  });
  return {
    store,
    log,
    keys,
    checkpointDir,
    close: async () => {
      await log.close();
      await store.close();
    },
  };
}

/**
 * `clients` loops, each appending and awaiting in turn, until `total` records; returns rate and latencies. The
 * inputs (a request's trace id, a synthetic personnummer) are made before the clock starts: they are the test's
 * data, not the log's work, and making them in the loop took about a fifth of the CPU the two cores share.
 */
async function appendUnderLoad(log: AuditLog, total: number, clients: number, people: number) {
  const latencies: number[] = [];
  const inputs = Array.from({ length: total }, (_, index) => record(index, people));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const index = next++;
        const at = performance.now();
        await log.append(inputs[index] as AuditRecordInput);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: total / seconds, latencies: latencies.sort((a, b) => a - b) };
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

function rateRow(
  metric: string,
  samples: readonly number[],
  target: number | undefined,
  unit: string,
): ResultRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = quantile(sorted, 0.5);
  return {
    benchmark: 'audit log',
    metric,
    n: samples.length,
    median: `${Math.round(mid).toLocaleString('en-US')} ${unit}`,
    // For a rate the worse runs are the low ones: this column shows the slowest tenth.
    p90: `${Math.round(quantile(sorted, 0.1)).toLocaleString('en-US')} ${unit}`,
    target: target === undefined ? '–' : `≥ ${target.toLocaleString('en-US')} ${unit}`,
    met: target === undefined ? undefined : mid >= target,
  };
}

function latencyRow(metric: string, sorted: readonly number[], q: number, target?: number): ResultRow {
  const value = quantile(sorted, q);
  return {
    benchmark: 'audit log',
    metric,
    n: sorted.length,
    median: `${quantile(sorted, 0.5).toFixed(1)} ms`,
    p90: `${value.toFixed(1)} ms (p${Math.round(q * 100)})`,
    target: target === undefined ? '–' : `p${Math.round(q * 100)} < ${target} ms`,
    met: target === undefined ? undefined : value < target,
  };
}

/** Where one run writes: a store and a folder for its checkpoints, removed afterwards. */
interface Place {
  readonly options: StoreOptions;
  readonly dir: string;
  cleanup(): Promise<void>;
}

function sqlitePlace(): Promise<Place> {
  const dir = mkdtempSync(join(tmpdir(), 'brygga-bench-audit-'));
  return Promise.resolve({
    options: { driver: 'sqlite', path: join(dir, 'audit.db') },
    dir,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  });
}

/** A throwaway database on the server of `adminUrl`, dropped afterwards. */
async function postgresPlace(adminUrl: string): Promise<Place> {
  const name = `brygga_bench_${randomBytes(6).toString('hex')}`;
  // CREATE and DROP DATABASE cannot run in a transaction: a plain statement on a store of the admin URL.
  const run = async (sql: string) => {
    const admin = await openStore({ driver: 'postgres', connectionString: adminUrl, poolMax: 1 });
    try {
      await admin.executeScript(sql);
    } finally {
      await admin.close();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'brygga-bench-audit-pg-'));
  return {
    options: { driver: 'postgres', connectionString: url.toString(), poolMax: 4 },
    dir,
    cleanup: async () => {
      rmSync(dir, { recursive: true, force: true });
      await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function measureBackend(
  label: string,
  place: () => Promise<Place>,
  runs: number,
  target: number,
): Promise<ResultRow[]> {
  const throughput: number[] = [];
  let latencies: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const where = await place();
    const fixture = await openFixture(where.options, where.dir, 5000);
    try {
      throughput.push((await appendUnderLoad(fixture.log, 100_000, 4096, 10_000)).perSecond);
      // A gateway under ordinary load: 64 requests at once, each waiting for its record.
      latencies = latencies.concat((await appendUnderLoad(fixture.log, 20_000, 64, 10_000)).latencies);
    } finally {
      await fixture.close();
      await where.cleanup();
    }
  }
  latencies.sort((a, b) => a - b);
  return [
    rateRow(`durable appends/s, ${label}, 4096 in flight`, throughput, target, 'rec/s'),
    latencyRow(`added latency per append, ${label}, 64 in flight`, latencies, 0.99),
  ];
}

/** A log of `size` records about `people` people, built in large transactions, then verified and searched. */
async function measureLargeLog(size: number): Promise<ResultRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'brygga-bench-audit-large-'));
  const fixture = await openFixture({ driver: 'sqlite', path: join(dir, 'audit.db') }, dir, 5000);
  const people = Math.max(1, Math.floor(size / 10));
  try {
    const started = performance.now();
    for (let from = 0; from < size; from += 20_000) {
      const count = Math.min(20_000, size - from);
      await fixture.log.transact((_tx, append) =>
        append(Array.from({ length: count }, (_, offset) => record(from + offset, people))),
      );
    }
    await fixture.log.checkpoint();
    const buildSeconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `  (built a ${size.toLocaleString('en-US')}-record log in ${buildSeconds.toFixed(1)} s)\n`,
    );

    const verifyStarted = performance.now();
    const report = await verifyAuditLog(fixture.store, {
      trusted: fixture.keys.verifying,
      checkpointDir: fixture.checkpointDir,
    });
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (!report.ok) throw new Error(`the benchmark log does not verify: ${report.problems[0]?.message}`);

    const extractMs: number[] = [];
    for (let sample = 0; sample < 300; sample += 1) {
      const who = syntheticPersonnummer(Math.floor(Math.random() * people));
      const at = performance.now();
      const entries = await fixture.log.extract(who);
      extractMs.push(performance.now() - at);
      if (entries.length === 0) throw new Error('an extract found nothing');
    }
    extractMs.sort((a, b) => a - b);
    return [
      rateRow(
        `verify audit log, records/s (${size.toLocaleString('en-US')} records, SQLite)`,
        [size / verifySeconds],
        targets.verifyPerSecond,
        'rec/s',
      ),
      latencyRow(
        `extract for one person at ${size.toLocaleString('en-US')} records (~10 each)`,
        extractMs,
        0.95,
        targets.extractP95Ms,
      ),
    ];
  } finally {
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function audit(runs: number): Promise<ResultRow[]> {
  // BRYGGA_BENCH_AUDIT_ONLY=large: only the large log (verify and extract), for iterating on those.
  if (process.env.BRYGGA_BENCH_AUDIT_ONLY === 'large') {
    return measureLargeLog(Number(process.env.BRYGGA_BENCH_AUDIT_RECORDS ?? 1_000_000));
  }
  const throughputRuns = Math.min(runs, 3);
  const rows = await measureBackend('SQLite', sqlitePlace, throughputRuns, targets.sqlitePerSecond);
  const postgres = process.env.BRYGGA_BENCH_DATABASE_URL ?? process.env.BRYGGA_TEST_DATABASE_URL;
  if (postgres) {
    rows.push(
      ...(await measureBackend(
        'PostgreSQL',
        () => postgresPlace(postgres),
        throughputRuns,
        targets.postgresPerSecond,
      )),
    );
  } else {
    process.stdout.write('  (PostgreSQL rows skipped: set BRYGGA_BENCH_DATABASE_URL to measure them)\n');
  }
  rows.push(...(await measureLargeLog(Number(process.env.BRYGGA_BENCH_AUDIT_RECORDS ?? 1_000_000))));
  return rows;
}
