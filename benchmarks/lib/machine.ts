import { cpus, totalmem } from 'node:os';

/** One line describing where the figures were measured, for the docs. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpus().length} × ${cpu}, ${gib} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`;
}
