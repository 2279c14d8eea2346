import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { durableCommitTimes } from '../lib/commit-floor.ts';
import type { ResultRow } from '../lib/table.ts';

/**
 * A synchronous read (getCase) made directly against the example business system's API v2, and the same read
 * through the gateway and the case-management adapter to the same business system, in the same run. Three
 * processes share the machine's cores: the business system, the gateway and this one (the load generator).
 *
 * The gateway leg is the whole production path: the e-service's access token (ES256, the verifier's cache warm),
 * the citizen resolved from the login session in the store (decrypting the personnummer), validation at the pinned
 * version, the adapter's undici call to the business system and its mapping, the response translated back, the
 * request log line, metrics, and the durable audit record the read of a citizen's case makes (grouped commits on
 * SQLite, synchronous=FULL: the call is answered only once its record is on disk). A second gateway without the
 * audit hook shows what the audit append costs; it is not a configuration a gateway can run with.
 *
 * Two loads, each leg measured in alternating order within a round, over up to three rounds (`--runs`), to cancel
 * drift: a moderate load (a fixed rate spread over 24 connections, open loop, meant to stay below what either leg
 * can serve, so the latency is the work and not the queue; the rate reached is printed) and a saturating one (24
 * connections, closed loop: throughput). Each row also gives each process's CPU share and its CPU time per
 * answered request, which says more than latency when other work shares the cores, and shows whether the load
 * generator itself was the limit. The e-service is pinned to the head version, so translation is validation.
 *
 * BRYGGA_BENCH_SYNC_READ_RATE sets the moderate rate (default 300 req/s), BRYGGA_BENCH_SYNC_READ_CONNECTIONS the
 * connections (default 24), BRYGGA_BENCH_SYNC_READ_MS each measured window (default 4,000 ms, after 1 s of
 * warm-up); BRYGGA_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each gateway there (gateway.cpuprofile,
 * gateway-no-audit.cpuprofile); BRYGGA_BENCH_SYNC_READ_LEGS (direct,gateway,no-audit) and
 * BRYGGA_BENCH_SYNC_READ_LOADS (moderate,saturated) narrow the run, for profiling one path.
 */

const repoRoot = join(import.meta.dirname, '..', '..');
const citizen = '191212121212'; // Skatteverket's test personnummer, as elsewhere in the repo
const contractVersion = '2026-12-01'; // the example e-service's pin (the head)
const connections = Number(process.env.BRYGGA_BENCH_SYNC_READ_CONNECTIONS ?? 24);
const warmupMs = 1_000;
const measureMs = Number(process.env.BRYGGA_BENCH_SYNC_READ_MS ?? 4_000);
const targetAddedP50Ms = 0.3;
const cases = 100;
const sessions = 16;

interface Leg {
  readonly name: string;
  readonly label: string;
  readonly pool: Pool;
  readonly paths: readonly string[];
  readonly headers: readonly Record<string, string>[];
  readonly server: ChildProcess;
}

interface Sample {
  readonly latencies: number[];
  readonly completed: number;
  readonly errors: number;
  readonly ms: number;
  /** CPU time over the measurement, in % of one core. */
  readonly cpu: { readonly client: number; readonly business: number; readonly gateway: number };
}

export async function syncRead(runs: number): Promise<ResultRow[]> {
  const rounds = Math.min(3, Math.max(1, runs));
  const rate = Number(process.env.BRYGGA_BENCH_SYNC_READ_RATE ?? 300);
  const dir = mkdtempSync(join(tmpdir(), 'brygga-bench-sync-read-'));
  const children: ChildProcess[] = [];
  const pools: Pool[] = [];
  try {
    const apiKey = randomBytes(24).toString('base64url');
    const businessPort = await freePort();
    const business = spawnNode(
      [join(repoRoot, 'examples/business-system/src/main.ts')],
      {
        PORT: String(businessPort),
        HOST: '127.0.0.1',
        BUSINESS_SYSTEM_DB: join(dir, 'business-system.db'),
        BUSINESS_SYSTEM_API_KEY: apiKey,
      },
      [],
    );
    children.push(business);
    const businessUrl = `http://127.0.0.1:${businessPort}`;
    await waitHealthy(`${businessUrl}/health`, business);
    const caseIds = await seedCases(businessUrl, apiKey);

    const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const start = async (name: string, auditOff: boolean) => {
      const port = await freePort();
      const configPath = writeGatewayConfig(join(dir, name), port, businessUrl);
      const profileDir = process.env.BRYGGA_BENCH_CPU_PROF;
      const child = spawnNode(
        [join(repoRoot, 'benchmarks/lib/sync-read-gateway.ts'), configPath, String(sessions), citizen],
        {
          ...gatewayEnv(signing.privateKey, apiKey),
          ...(auditOff ? { BENCH_AUDIT: 'off' } : {}),
        },
        profileDir
          ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
          : [],
        true,
      );
      children.push(child);
      const ready = await handshake(child);
      const publicUrl = `http://127.0.0.1:${port}`;
      const tokens = ready.sessions.map((ref, index) =>
        accessToken(signing.privateKey, publicUrl, ref, index),
      );
      return { child, url: ready.url, tokens };
    };
    const withAudit = await start('gateway', false);
    const withoutAudit = await start('gateway-no-audit', true);
    const bareProxy = spawnNode(
      [join(repoRoot, 'benchmarks/lib/bare-proxy.ts'), businessUrl, apiKey],
      {},
      [],
      true,
    );
    children.push(bareProxy);
    const bareProxyUrl = (await handshake(bareProxy)).url;

    const pool = (url: string) => {
      const created = new Pool(url, { connections, pipelining: 1 });
      pools.push(created);
      return created;
    };
    const gatewayPaths = caseIds.map((id) => `/api/case-management/cases/${id}`);
    const legs: Leg[] = [
      {
        name: 'direct',
        label: 'direct: GET /api/v2/cases/{id} on the business system (API key)',
        pool: pool(businessUrl),
        paths: caseIds.map((id) => `/api/v2/cases/${id}`),
        headers: [{ authorization: `Bearer ${apiKey}` }],
        server: business,
      },
      {
        name: 'gateway',
        label: 'gateway + adapter: getCase (token, session, translation, durable audit)',
        pool: pool(withAudit.url),
        paths: gatewayPaths,
        headers: withAudit.tokens.map((token) => ({ authorization: `Bearer ${token}` })),
        server: withAudit.child,
      },
      {
        name: 'no-audit',
        label: 'gateway + adapter, audit hook OFF (not a real configuration)',
        pool: pool(withoutAudit.url),
        paths: gatewayPaths,
        headers: withoutAudit.tokens.map((token) => ({ authorization: `Bearer ${token}` })),
        server: withoutAudit.child,
      },
      {
        name: 'bare-proxy',
        label: 'bare proxy: node:http + undici Pool forwarding, nothing else (one Node hop, the floor)',
        pool: pool(bareProxyUrl),
        paths: gatewayPaths,
        headers: [{}],
        server: bareProxy,
      },
    ];
    // BRYGGA_BENCH_SYNC_READ_LEGS=direct,no-audit measures only those legs (profiling one path).
    const only = process.env.BRYGGA_BENCH_SYNC_READ_LEGS?.split(',');
    if (only) legs.splice(0, legs.length, ...legs.filter((leg) => only.includes(leg.name)));
    for (const leg of legs) await checkLeg(leg);
    const loads = process.env.BRYGGA_BENCH_SYNC_READ_LOADS?.split(',') ?? ['moderate', 'saturated'];

    const moderate = new Map<string, Sample[]>(legs.map((leg) => [leg.name, []]));
    const saturated = new Map<string, Sample[]>(legs.map((leg) => [leg.name, []]));
    const commits: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      // Alternate the order, so neither leg always runs first after a pause or last in a warm machine.
      const order = round % 2 === 0 ? legs : [...legs].reverse();
      for (const leg of loads.includes('moderate') ? order : []) {
        process.stdout.write(`  round ${round + 1}/${rounds}: ${leg.name}, ${rate} req/s\n`);
        moderate.get(leg.name)?.push(await measure(leg, business, rate));
      }
      if (loads.includes('moderate')) {
        // While every leg is idle: the disk's floor under the audit record, in this run.
        process.stdout.write(`  round ${round + 1}/${rounds}: one-row durable commits\n`);
        commits.push(...(await durableCommitTimes(join(dir, 'commit-floor.db'))));
      }
      for (const leg of loads.includes('saturated') ? order : []) {
        process.stdout.write(`  round ${round + 1}/${rounds}: ${leg.name}, saturated\n`);
        saturated.get(leg.name)?.push(await measure(leg, business, undefined));
      }
    }
    return [...report(legs, moderate, saturated, rate), ...floorRows(moderate, commits, rate)];
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.close()));
    await Promise.allSettled(children.map(stop));
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(
  legs: readonly Leg[],
  moderate: Map<string, Sample[]>,
  saturated: Map<string, Sample[]>,
  rate: number,
): ResultRow[] {
  const rows: ResultRow[] = [];
  const merged = (samples: Sample[]) => {
    const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
    const perSecond = samples.map((sample) => (sample.completed / sample.ms) * 1000).sort((a, b) => a - b);
    const errors = samples.reduce((sum, sample) => sum + sample.errors, 0);
    const cpu = (key: keyof Sample['cpu']) =>
      samples.reduce((sum, sample) => sum + sample.cpu[key], 0) / samples.length;
    // CPU time per answered request, in µs: steadier than latency when other work shares the cores.
    const perRequest = (key: keyof Sample['cpu']) => {
      const requests = samples.reduce((sum, sample) => sum + sample.completed, 0);
      const busyMs = samples.reduce((sum, sample) => sum + (sample.cpu[key] / 100) * sample.ms, 0);
      return Math.round((busyMs * 1000) / requests);
    };
    return {
      n: latencies.length,
      p50: at(latencies, 0.5),
      p90: at(latencies, 0.9),
      p99: at(latencies, 0.99),
      perSecond: perSecond[Math.floor(perSecond.length / 2)] as number,
      errors,
      cpu: `CPU client ${cpu('client').toFixed(0)}%, business ${cpu('business').toFixed(0)}%, gateway ${cpu('gateway').toFixed(0)}% of a core; per request ${perRequest('client')}/${perRequest('business')}/${perRequest('gateway')} µs`,
    };
  };
  for (const [load, results] of [
    [`${rate} req/s over ${connections} connections`, moderate],
    [`saturated, ${connections} connections`, saturated],
  ] as const) {
    if (legs.every((leg) => (results.get(leg.name) ?? []).length === 0)) continue;
    const byLeg = new Map(legs.map((leg) => [leg.name, merged(results.get(leg.name) ?? [])]));
    for (const leg of legs) {
      const s = byLeg.get(leg.name);
      if (!s) continue;
      rows.push({
        benchmark: 'sync read',
        metric: `${load}: ${leg.label}; p99 ${ms(s.p99)}, ${Math.round(s.perSecond).toLocaleString('en-US')} req/s${load === moderateLabel(rate) && s.perSecond < rate * 0.95 ? ' (rate NOT reached: saturated)' : ''}, ${s.errors} errors; ${s.cpu}`,
        n: s.n,
        median: ms(s.p50),
        p90: ms(s.p90),
        target: '–',
        met: undefined,
      });
    }
    const direct = byLeg.get('direct');
    for (const name of ['gateway', 'no-audit', 'bare-proxy'] as const) {
      const through = byLeg.get(name);
      if (!direct || !through) continue;
      const added50 = through.p50 - direct.p50;
      const real = name === 'gateway';
      const what = {
        gateway: 'gateway + adapter',
        'no-audit': 'gateway + adapter, audit hook OFF',
        'bare-proxy': 'the bare proxy',
      }[name];
      rows.push({
        benchmark: 'sync read',
        metric: `${load}: ADDED by ${what} (p50 in median, p90 in p90); p99 +${ms(through.p99 - direct.p99)}`,
        n: through.n,
        median: `+${ms(added50)}`,
        p90: `+${ms(through.p90 - direct.p90)}`,
        target: real && load === moderateLabel(rate) ? `≤ +${targetAddedP50Ms} ms p50` : '–',
        met: real && load === moderateLabel(rate) ? added50 <= targetAddedP50Ms : undefined,
      });
    }
  }
  return rows;
}

/**
 * What no gateway can go below here: one Node.js hop (the bare proxy's added p50, this run) plus one durable
 * commit (the disk's, this run), since the answer to a read of a citizen's case waits for its audit record.
 * Compared with the target, it says whether the target can be met on this machine at all.
 */
function floorRows(moderate: Map<string, Sample[]>, commits: number[], rate: number): ResultRow[] {
  if (commits.length === 0) return [];
  const sorted = [...commits].sort((a, b) => a - b);
  const commitP50 = at(sorted, 0.5);
  const rows: ResultRow[] = [
    {
      benchmark: 'sync read',
      metric: `one-row durable commit on this disk (SQLite WAL, synchronous=FULL, as the store), one every 3 ms between the legs; p99 ${ms(at(sorted, 0.99))}`,
      n: sorted.length,
      median: ms(commitP50),
      p90: ms(at(sorted, 0.9)),
      target: '–',
      met: undefined,
    },
  ];
  const p50 = (name: string) =>
    at(
      (moderate.get(name) ?? []).flatMap((sample) => sample.latencies).sort((a, b) => a - b),
      0.5,
    );
  const hop = p50('bare-proxy') - p50('direct');
  if (Number.isFinite(hop)) {
    const floor = hop + commitP50;
    rows.push({
      benchmark: 'sync read',
      metric: `${moderateLabel(rate)}: FLOOR for any Node.js gateway that answers after a durable record: the bare proxy's added p50 (+${ms(hop)}) + one durable commit (${ms(commitP50)})`,
      n: sorted.length,
      median: `+${ms(floor)}`,
      p90: '–',
      target: `≤ +${targetAddedP50Ms} ms p50`,
      met: floor <= targetAddedP50Ms,
    });
  }
  return rows;
}

const moderateLabel = (rate: number) => `${rate} req/s over ${connections} connections`;

const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 1)} ms`;

function at(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

/**
 * One leg for warm-up plus the measured window. `rate` undefined: closed loop, each connection sends its next
 * request when the last is answered. Otherwise each connection sends on its own schedule (rate / connections per
 * second, staggered), never catching up in bursts when late; latency runs from the send to the whole body read.
 */
async function measure(leg: Leg, business: ChildProcess, rate: number | undefined): Promise<Sample> {
  await drive(leg, rate, warmupMs, false);
  const cpuBefore = {
    client: process.cpuUsage(),
    business: cpuTicks(business),
    gateway: leg.server === business ? 0 : cpuTicks(leg.server),
  };
  const started = performance.now();
  const result = await drive(leg, rate, measureMs, true);
  const elapsed = performance.now() - started;
  const client = process.cpuUsage(cpuBefore.client);
  const percent = (ticks: number) => ((ticks * 10) / elapsed) * 100; // 100 ticks/s on Linux
  return {
    ...result,
    ms: elapsed,
    cpu: {
      client: ((client.user + client.system) / 1000 / elapsed) * 100,
      business: percent(cpuTicks(business) - cpuBefore.business),
      gateway: leg.server === business ? 0 : percent(cpuTicks(leg.server) - cpuBefore.gateway),
    },
  };
}

async function drive(leg: Leg, rate: number | undefined, durationMs: number, keep: boolean) {
  const latencies: number[] = [];
  let completed = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + durationMs;
  let sequence = 0;
  const worker = async (index: number) => {
    const interval = rate === undefined ? 0 : (connections / rate) * 1000;
    let next = started + (interval * index) / connections;
    while (true) {
      if (rate !== undefined) {
        const wait = next - performance.now();
        if (wait >= 1) await sleep(Math.floor(wait));
        next = Math.max(next + interval, performance.now());
      }
      const sent = performance.now();
      if (sent >= end) return;
      const n = sequence++;
      try {
        const response = await leg.pool.request({
          method: 'GET',
          path: leg.paths[n % leg.paths.length] as string,
          headers: leg.headers[n % leg.headers.length] as Record<string, string>,
        });
        await response.body.dump({ limit: Number.POSITIVE_INFINITY });
        if (response.statusCode !== 200) errors += 1;
      } catch {
        errors += 1;
      }
      const done = performance.now();
      if (done > end) return;
      completed += 1;
      if (keep) latencies.push(done - sent);
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => worker(index)));
  return { latencies, completed, errors };
}

/** One request per leg, checked, before any timing: a benchmark of 401s would be a fast lie. */
async function checkLeg(leg: Leg): Promise<void> {
  const response = await leg.pool.request({
    method: 'GET',
    path: leg.paths[0] as string,
    headers: leg.headers[0] as Record<string, string>,
  });
  const body = (await response.body.json()) as { id?: string; caseId?: string; status?: unknown };
  if (response.statusCode !== 200 || (body.id ?? body.caseId) === undefined) {
    throw new Error(`sync-read: the ${leg.name} leg answered ${response.statusCode}, not a case`);
  }
}

/** utime + stime of a child, in clock ticks, from Linux's /proc (the benchmark machines are Linux). */
function cpuTicks(child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function spawnNode(
  args: readonly string[],
  env: Record<string, string>,
  nodeFlags: readonly string[],
  handshakePipe = false,
): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    // Request logs (the gateway's on stdout, the business system's on stderr) go to /dev/null, so this process
    // spends nothing reading them and a slow terminal cannot throttle them; fd 3 is the gateway's handshake.
    stdio: handshakePipe ? ['ignore', 'ignore', 'inherit', 'pipe'] : ['ignore', 'ignore', 'ignore'],
  });
}

async function handshake(child: ChildProcess): Promise<{ url: string; sessions: string[] }> {
  const pipe = child.stdio[3] as Readable;
  let text = '';
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`sync-read: the gateway exited (${code}) before it was ready`);
  });
  const line = (async () => {
    for await (const chunk of pipe) {
      text += String(chunk);
      const newline = text.indexOf('\n');
      if (newline >= 0) return JSON.parse(text.slice(0, newline)) as { url: string; sessions: string[] };
    }
    throw new Error('sync-read: the gateway closed its handshake pipe');
  })();
  const timeout = sleep(30_000).then(() => {
    throw new Error('sync-read: the gateway was not ready within 30 s');
  });
  return Promise.race([line, exited, timeout]);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sync-read: ${url} exited before it was ready`);
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error(`sync-read: ${url} not ready within 15 s`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The citizen's cases, created through the business system's own API v2. */
async function seedCases(url: string, apiKey: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < cases; index += 1) {
    const response = await fetch(`${url}/api/v2/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        applicant: { personalIdentityNumber: citizen, name: 'Tolvan Tolvansson' },
        title: `Altan ${index}`,
        description: 'Typ av ansökan: bygglov\n\nEn altan mot söder, 20 kvadratmeter.',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
      }),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status !== 201 || body.id === undefined) {
      throw new Error(`sync-read: creating a case answered ${response.status}`);
    }
    ids.push(body.id);
  }
  return ids;
}

const secretEnv = {
  audit: 'BENCH_AUDIT_HMAC_KEY',
  checkpoint: 'BENCH_CHECKPOINT_KEY',
  signing: 'BENCH_IDENTITY_SIGNING',
  subjects: 'BENCH_IDENTITY_SUBJECTS',
  sessions: 'BENCH_IDENTITY_SESSIONS',
  client: 'BENCH_CLIENT_SECRET',
  idp: 'BENCH_IDP_SECRET',
  business: 'BENCH_BUSINESS_KEY',
} as const;

function gatewayEnv(signingKey: KeyObject, apiKey: string): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const secret = () => randomBytes(32).toString('base64url');
  return {
    [secretEnv.audit]: secret(),
    [secretEnv.checkpoint]: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    [secretEnv.signing]: signingKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    [secretEnv.subjects]: secret(),
    [secretEnv.sessions]: secret(),
    [secretEnv.client]: secret(),
    [secretEnv.idp]: secret(),
    [secretEnv.business]: apiKey,
  };
}

/**
 * A production-shaped configuration (environment test, info logging) on a fresh SQLite store: one e-service with
 * citizen login, the case-management adapter towards the business system. The identity provider's address is a
 * closed port on 127.0.0.1: the sessions are opened directly in the store, so no login reaches it.
 */
function writeGatewayConfig(dir: string, port: number, businessUrl: string): string {
  const configPath = join(dir, 'brygga.config.yaml');
  const config = {
    environment: 'test',
    server: { host: '127.0.0.1', port },
    logging: { level: 'info' },
    identityProviders: [
      {
        id: 'bankid',
        name: 'BankID',
        kind: 'bankid',
        issuer: 'https://127.0.0.1:9',
        clientId: 'brygga-gateway',
        clientAuthentication: { method: 'client_secret_basic', clientSecret: { env: secretEnv.idp } },
      },
    ],
    eServices: [
      {
        id: 'bench',
        name: { sv: 'Mätning', en: 'Benchmark' },
        description: { sv: 'En e-tjänst för mätningar.' },
        owner: 'Testnämnden',
        responsible: { name: 'Test Testsson', email: 'test@exempel.se' },
        vendor: { name: 'Test AB', contact: 'test@exempel.se' },
        lifecycle: 'development',
        client: {
          clientId: 'bench-client',
          tokenEndpointAuthMethod: 'client_secret_basic',
          clientSecret: { env: secretEnv.client },
          redirectUris: ['https://127.0.0.1:65030/callback'],
        },
        identityProviders: ['bankid'],
        contracts: [{ contract: 'case-management', version: contractVersion }],
        purposes: ['handlagga'],
      },
    ],
    businessSystems: [
      {
        id: 'arende',
        name: 'Ärenden',
        owner: 'Förvaltningen',
        adapter: '@brygga/adapter-case-management',
        baseUrl: businessUrl,
        contracts: ['case-management'],
        credentials: { type: 'apiKey', key: { env: secretEnv.business } },
        options: { apiVersion: 'v2' },
      },
    ],
    purposes: [
      {
        id: 'handlagga',
        purpose: { sv: 'Handlägga.', en: 'Process.' },
        legalBasis: { article: '6(1)(e)' },
        dataCategories: ['personnummer'],
        dataSubjectCategories: ['sökande'],
        retentionClass: 'r1',
      },
    ],
    retentionClasses: [{ id: 'r1', duration: 'P1Y', description: 'Ett år.' }],
    storage: { driver: 'sqlite', sqlite: { path: join(dir, 'brygga.db') } },
    keys: {
      auditHmac: { keyId: 'a1', key: { env: secretEnv.audit } },
      checkpointSigning: { keyId: 'c1', key: { env: secretEnv.checkpoint } },
      identitySigning: { keyId: 'bench-sig', key: { env: secretEnv.signing } },
      identitySubjects: { keyId: 'sub-1', key: { env: secretEnv.subjects } },
      identitySessions: { keyId: 'ses-1', key: { env: secretEnv.sessions } },
    },
    audit: { checkpointDir: join(dir, 'checkpoints') },
  };
  mkdirSync(dir, { recursive: true });
  // JSON is YAML.
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return configPath;
}

/** An access token as the gateway's OpenID Provider issues them to an e-service acting for a logged-in citizen. */
function accessToken(privateKey: KeyObject, publicUrl: string, sessionRef: string, index: number): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'ES256', typ: 'at+jwt', kid: 'bench-sig' })}.${part({
    iss: `${publicUrl}/oidc`,
    aud: `${publicUrl}/api`,
    sub: `pairwise-${index}`,
    client_id: 'bench-client',
    scope: 'openid case-management',
    session_ref: sessionRef,
    jti: `jti-${index}`,
    iat: now,
    exp: now + 3600,
  })}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
