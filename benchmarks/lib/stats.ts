/** Summary statistics over samples in milliseconds. Pure. */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return {
    n: sorted.length,
    min: sorted[0] as number,
    median: at(0.5),
    p90: at(0.9),
    max: sorted.at(-1) as number,
  };
}
