import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { summarise } from '../lib/stats.ts';
import type { ResultRow } from '../lib/table.ts';

const measureScript = join(import.meta.dirname, '..', '..', 'packages', 'sdk', 'bench', 'measure.ts');

interface Measured {
  readonly bundle: {
    readonly minifiedBytes: number;
    readonly gzipBytes: number;
    readonly budgetBytes: number;
  };
  readonly overhead: {
    readonly rawMs: readonly number[];
    readonly sdkMs: readonly number[];
    readonly differenceMs: readonly number[];
  };
}

/**
 * @brygga/sdk: the browser core's size (esbuild, minified, gzip) and the client-side overhead per call against
 * a local node:http server, next to a bare fetch. Measured in its own process (packages/sdk/bench/measure.ts),
 * which has the SDK's own dependencies (esbuild), so nothing from earlier suites warms or slows it.
 */
export async function sdk(runs: number): Promise<ResultRow[]> {
  const calls = Math.max(200, runs * 100);
  const measured = JSON.parse(
    await output(process.execPath, [measureScript, '--calls', String(calls)]),
  ) as Measured;
  const { bundle, overhead } = measured;
  const size = (metric: string, bytes: number, budget?: number): ResultRow => ({
    benchmark: 'sdk',
    metric,
    n: 1,
    median: `${bytes} B`,
    p90: '–',
    target: budget === undefined ? '–' : `≤ ${budget} B`,
    met: budget === undefined ? undefined : bytes <= budget,
  });
  const perCall = (metric: string, samples: readonly number[]): ResultRow => {
    const s = summarise(samples);
    return {
      benchmark: 'sdk',
      metric,
      n: s.n,
      median: `${(s.median * 1000).toFixed(0)} µs`,
      p90: `${(s.p90 * 1000).toFixed(0)} µs`,
      target: '–',
      met: undefined,
    };
  };
  return [
    size('browser core (@brygga/sdk), minified', bundle.minifiedBytes),
    size('browser core, minified + gzip', bundle.gzipBytes, bundle.budgetBytes),
    perCall('GET on 127.0.0.1, bare fetch + json()', overhead.rawMs),
    perCall('the same GET through the SDK client', overhead.sdkMs),
    perCall('SDK overhead per call (paired difference)', overhead.differenceMs),
  ];
}

function output(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${args[0]} exited with code ${code}`)),
    );
  });
}
