/**
 * The SDK's measurements as one JSON line on stdout, for `pnpm bench` (benchmarks/suites/sdk.ts) to tabulate:
 * the browser core's bundle size and the client-side overhead per call.
 *
 *   node packages/sdk/bench/measure.ts --calls 2000
 */
import { parseArgs } from 'node:util';
import { coreBudgetBytes, coreBundleSize } from './bundle-size.ts';
import { measureOverhead } from './overhead.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '2000' } } });
const calls = Number(values.calls);
if (!Number.isInteger(calls) || calls < 1) throw new Error('--calls must be a whole number of at least 1');

const bundle = await coreBundleSize();
const overhead = await measureOverhead(calls);
process.stdout.write(
  `${JSON.stringify({ bundle: { ...bundle, budgetBytes: coreBudgetBytes }, overhead })}\n`,
);
