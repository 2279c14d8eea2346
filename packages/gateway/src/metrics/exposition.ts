import { Counter, Histogram } from 'prom-client';

/*
 * The Prometheus text exposition of Brygga's own counters and histograms, written here instead of by
 * prom-client's registry. The registry formats every series anew on every scrape (an array of label parts, a
 * filter, a join and a template per line, and for a histogram an object per bucket); with 1,600 contract-call
 * series that was most of a 5 ms scrape. Here each series' label text is built once, when the series first
 * appears, and a scrape writes `prefix + value` per line: the values are always read fresh, only the text
 * around them is reused. The bytes are exactly prom-client's (exposition.test.ts compares them), so the
 * format stays prom-client's.
 */

interface CounterEntry {
  readonly labels: Record<string, unknown>;
  readonly value: number;
}

interface HistogramEntry {
  readonly labels: Record<string, unknown>;
  readonly bucketValues: Readonly<Record<string, number>>;
  readonly sum: number;
  readonly count: number;
}

/** The label text of a series, cached per label object (prom-client keeps a series' object from its first update). */
type LabelText = WeakMap<object, string>;

/** A counter that can write its own exposition. Recording (`inc`) is prom-client's, unchanged. */
export class ExposedCounter<T extends string> extends Counter<T> {
  readonly #labelText: LabelText = new WeakMap();

  /** The same text as `registry.getSingleMetricAsString(name)`. */
  exposition(): string {
    // prom-client's own fields, which its typings leave out.
    const self = this as unknown as { name: string; help: string; hashMap: Record<string, CounterEntry> };
    const name = escapeString(self.name);
    let text = `# HELP ${name} ${escapeString(self.help)}\n# TYPE ${name} counter`;
    const entries = self.hashMap;
    for (const key in entries) {
      const entry = entries[key] as CounterEntry;
      let prefix = this.#labelText.get(entry.labels);
      if (prefix === undefined) {
        const labels = formatLabels(entry.labels);
        prefix = labels === '' ? `\n${name} ` : `\n${name}{${labels}} `;
        this.#labelText.set(entry.labels, prefix);
      }
      text += prefix + valueText(entry.value);
    }
    return text;
  }
}

/** A histogram that can write its own exposition. Recording (`observe`) is prom-client's, unchanged. */
export class ExposedHistogram<T extends string> extends Histogram<T> {
  readonly #labelText: LabelText = new WeakMap();
  #bucketPrefixes: readonly string[] | undefined;

  /** The same text as `registry.getSingleMetricAsString(name)`. */
  exposition(): string {
    // prom-client's own fields, which its typings leave out.
    const self = this as unknown as {
      name: string;
      help: string;
      hashMap: Record<string, HistogramEntry>;
      upperBounds: readonly number[];
    };
    const name = escapeString(self.name);
    let text = `# HELP ${name} ${escapeString(self.help)}\n# TYPE ${name} histogram`;
    const bounds = self.upperBounds;
    // `\n{name}_bucket{le="0.005"` for each bound, then `+Inf`: the part of a bucket line before its series' labels.
    this.#bucketPrefixes ??= [...bounds.map((bound) => `${bound}`), '+Inf'].map(
      (le) => `\n${name}_bucket{le="${escapeLabelValue(le)}"`,
    );
    const prefixes = this.#bucketPrefixes;
    for (const key in self.hashMap) {
      const entry = self.hashMap[key] as HistogramEntry;
      let labels = this.#labelText.get(entry.labels);
      if (labels === undefined) {
        labels = formatLabels(entry.labels);
        this.#labelText.set(entry.labels, labels);
      }
      const bucketTail = labels === '' ? '} ' : `,${labels}} `;
      let cumulative = 0;
      for (let index = 0; index < bounds.length; index += 1) {
        cumulative += entry.bucketValues[bounds[index] as number] as number;
        text += prefixes[index] + bucketTail + valueText(cumulative);
      }
      text += prefixes[bounds.length] + bucketTail + valueText(entry.count);
      const series = labels === '' ? ' ' : `{${labels}} `;
      text += `\n${name}_sum${series}${valueText(entry.sum)}\n${name}_count${series}${valueText(entry.count)}`;
    }
    return text;
  }
}

/** A metric this module can write, or undefined for one prom-client renders (default metrics, gauges). */
export function exposable(metric: unknown): { exposition(): string } | undefined {
  return metric instanceof ExposedCounter || metric instanceof ExposedHistogram ? metric : undefined;
}

// The helpers below repeat prom-client 15's registry.js and util.js, so the text is byte for byte the same.

function formatLabels(labels: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) parts.push(`${name}="${escapeLabelValue(value)}"`);
  return parts.join(',');
}

function escapeLabelValue(value: unknown): unknown {
  return typeof value === 'string' ? escapeString(value).replace(/"/g, '\\"') : value;
}

function escapeString(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function valueText(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}
