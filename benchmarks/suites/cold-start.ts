import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createGatewayFixture } from '../lib/gateway-fixture.ts';
import { summarise } from '../lib/stats.ts';
import type { ResultRow } from '../lib/table.ts';

const require = createRequire(import.meta.url);
const bryggaBin = join(dirname(require.resolve('@brygga/gateway/package.json')), 'bin/brygga.js');
const port = 7490;
const targetMs = 500;

/** Polls readiness every 2 ms; the gap this adds to a measurement is at most one interval. */
async function waitReady(url: string, deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`not ready at ${url}`);
}

/**
 * Spawn to first 200 from /health/ready: one process start, on a new database (migrations included) or an
 * existing one. The bin enables Node's compile cache, so every start after the first skips parsing and type
 * stripping; `compileCache: false` measures the very first start after an install.
 */
async function measureOnce(
  fresh: boolean,
  fixture: ReturnType<typeof createGatewayFixture>,
  compileCache = true,
  rss?: number[],
): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [bryggaBin, 'start', '--config', fixture.configPath], {
    env: { ...process.env, ...fixture.env, ...(compileCache ? {} : { NODE_DISABLE_COMPILE_CACHE: '1' }) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(`http://127.0.0.1:${port}/health/ready`, started + 10_000);
    const elapsed = performance.now() - started;
    if (rss && child.pid !== undefined) rss.push(residentMiB(child.pid));
    return elapsed;
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    if (fresh) fixture.remove();
  }
}

/** Resident memory of a process in MiB, from Linux's /proc (the benchmark machines are Linux). */
function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error('no VmRSS');
  return Number(match[1]) / 1024;
}

/** The runtime alone: spawn to exit of an empty Node program, so the gateway's own share is visible. */
async function measureBareNode(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return performance.now() - started;
}

export async function coldStart(runs: number): Promise<ResultRow[]> {
  const bare: number[] = [];
  const freshDb: number[] = [];
  const existingDb: number[] = [];
  const noCache: number[] = [];
  const rssAtReady: number[] = [];
  const existing = createGatewayFixture(port);
  try {
    await measureOnce(false, existing); // creates the database; not counted
    for (let index = 0; index < runs; index += 1) {
      bare.push(await measureBareNode());
      freshDb.push(await measureOnce(true, createGatewayFixture(port)));
      existingDb.push(await measureOnce(false, existing, true, rssAtReady));
      noCache.push(await measureOnce(true, createGatewayFixture(port), false));
    }
  } finally {
    existing.remove();
  }
  const row = (metric: string, samples: number[], target?: number, unit = 'ms'): ResultRow => {
    const s = summarise(samples);
    return {
      benchmark: 'cold start',
      metric,
      n: s.n,
      median: `${s.median.toFixed(0)} ${unit}`,
      p90: `${s.p90.toFixed(0)} ${unit}`,
      target: target === undefined ? '–' : `< ${target} ${unit}`,
      met: target === undefined ? undefined : s.p90 < target,
    };
  };
  return [
    row('node -e "" (runtime alone, spawn → exit)', bare),
    row('brygga start → /health/ready, new SQLite db', freshDb, targetMs),
    row('brygga start → /health/ready, existing SQLite db', existingDb, targetMs),
    row('the same, new db, compile cache off (first start after install)', noCache, targetMs),
    row('resident memory (RSS) of the gateway at ready', rssAtReady, undefined, 'MiB'),
  ];
}
