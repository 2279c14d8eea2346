/**
 * The candidate closest to a mistyped word, for "did you mean …?" hints; undefined when nothing is close.
 * Case is ignored (so `publicURL` finds `publicUrl`), and the allowed distance grows with the word's length.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const allowed = lower.length <= 4 ? 1 : lower.length <= 9 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined && lower.length >= 3) {
    // A shortened word (`prod`, `dev`) is a near miss too, when only one candidate starts with it.
    const prefixed = [...candidates].filter((candidate) => candidate.toLowerCase().startsWith(lower));
    if (prefixed.length === 1) best = prefixed[0];
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus swapped neighbours (`purpsoes`), each costing 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}

/** ` Did you mean "x"?` or an empty string, ready to append to a message. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : ` Did you mean "${match}"?`;
}
