import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { ConfigPath, PendingIssue } from './issue.ts';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A parsed YAML configuration: its plain data, its syntax mistakes and a way back from a path to a place. */
export interface YamlSource {
  /** The data as plain JavaScript; an empty file is an empty mapping. */
  readonly data: unknown;
  readonly syntaxIssues: readonly (PendingIssue & { readonly position?: Position })[];
  /** The line and column of the value at `path` (or of its key), else of the nearest enclosing node. */
  locate(path: ConfigPath, options?: { atKey?: boolean }): Position | undefined;
}

/** Bounds alias expansion, so a "billion laughs" file is a mistake rather than an outage. */
const maxAliasCount = 100;

export function readYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  // prettyErrors off: its messages quote the offending source line, which may hold a secret.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxIssues = doc.errors.map((error) => ({
    path: [],
    message:
      error.code === 'MULTIPLE_DOCS'
        ? 'The file holds more than one YAML document (a second ---); a configuration is one document.'
        : `The YAML cannot be read: ${plainYamlMessage(error.message)}`,
    expected: 'valid YAML',
    position: position(error.pos[0]),
  }));
  let data: unknown = {};
  if (syntaxIssues.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount }) ?? {};
    } catch (error) {
      syntaxIssues.push({
        path: [],
        message: `The YAML cannot be read: ${error instanceof Error ? plainYamlMessage(error.message) : 'unknown error'}`,
        expected: 'valid YAML',
        position: { line: 1, column: 1 },
      });
    }
  }
  return {
    data,
    syntaxIssues,
    locate(path, options = {}) {
      const offset = findOffset(doc, path, options.atKey ?? false);
      return offset === undefined ? undefined : position(offset);
    },
  };
}

/** The first line only, without a place: the place is reported separately, and later lines may quote the source. */
function plainYamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function findOffset(doc: Document, path: ConfigPath, atKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let best = startOf(node);
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment),
      );
      if (pair === undefined) return best;
      const keyStart = startOf(pair.key);
      if (last && atKey) return keyStart ?? best;
      // A key with no value (`purposes:`) has a value node with no useful range: point at the key.
      node = pair.value;
      best = startOf(node) ?? keyStart ?? best;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return best;
      best = startOf(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function startOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as Node).range;
  if (!range) return undefined;
  // An empty scalar sits where the next token starts; that is still the most useful place to point at.
  return range[0];
}
