/** A benchmark's result row: what was measured, its summary, the target and whether it was met. */
export interface ResultRow {
  readonly benchmark: string;
  readonly metric: string;
  readonly n: number;
  readonly median: string;
  readonly p90: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

/** A markdown table: readable in a terminal and pasteable into docs/benchmarks.md as it is. */
export function renderTable(rows: readonly ResultRow[]): string {
  const header = ['benchmark', 'metric', 'n', 'median', 'p90', 'target', 'met'];
  const body = rows.map((row) => [
    row.benchmark,
    row.metric,
    String(row.n),
    row.median,
    row.p90,
    row.target,
    row.met === undefined ? '–' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}
