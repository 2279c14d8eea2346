import { compareApis, type Finding } from '@brygga/contract';
import { apiDescriptionFromOpenApi } from '../openapi/api-description.ts';
import { openApiDocument } from '../openapi/document.ts';
import { firstDifference } from '../openapi/json-diff.ts';
import { stableJson } from '../openapi/stable-json.ts';
import type { ContractEntry } from '../registry.ts';

/** What the check says about one version's document. */
export interface VersionVerdict {
  readonly version: string;
  /** `<version>.json` */
  readonly file: string;
  readonly state:
    | 'unchanged'
    /** A version older than the head whose document changed: it is frozen byte for byte. */
    | 'drifted'
    /** The head's document is behind only by additive changes: allowed, and `--write` records them. */
    | 'additive'
    /** The head changed in a way that breaks its callers. */
    | 'breaking'
    | 'missing'
    | 'unreadable';
  /** Where a drifted or unreadable document first differs (JSON Pointer into the document). */
  readonly path?: string | undefined;
  /** What a client of this version would notice, for drifted, additive and breaking documents. */
  readonly findings: readonly Finding[];
  /** The regenerated document, as it would be committed. */
  readonly expected: string;
}

export interface ContractCheck {
  readonly contract: string;
  readonly verdicts: readonly VersionVerdict[];
  /** Committed documents of versions the contract no longer has (removed after their sunset). */
  readonly retired: readonly string[];
  /** False when any document drifted, is unreadable or missing, or the head breaks its callers. */
  readonly ok: boolean;
}

/**
 * The frozen-versions gate for one contract, given the committed documents (file text by version). Pure.
 *
 * - Every version older than the head must regenerate byte for byte (stable key order): it is reached only
 *   through version changes, so any difference means a change leaked into it. The failure names the first
 *   differing JSON path, and the findings say what its callers would notice.
 * - The head is frozen against breaking changes only: its schemas are compared with its committed document by
 *   the breaking-change rules. Additive changes pass (and `--write` records them); a breaking one needs a new
 *   version, whose version changes keep the current head as it is for the callers pinned to it.
 * - A version without a document is unpublished: the check fails until `--write` writes it. A new head is
 *   first compared with the latest published version: each breaking difference must be on an operation that the
 *   new version's changes touch (and the older documents, regenerated through those changes, must not move).
 */
export function checkContract(entry: ContractEntry, committed: ReadonlyMap<string, string>): ContractCheck {
  const { contract } = entry;
  const verdicts = contract.versions.map((version): VersionVerdict => {
    const expected = stableJson(openApiDocument(entry, version.version));
    const file = `${version.version}.json`;
    const base = { version: version.version, file, expected };
    const text = committed.get(version.version);
    if (text === undefined) {
      return version.isHead
        ? unpublishedHead(entry, committed, base)
        : { ...base, state: 'missing', findings: [] };
    }
    if (text === expected) return { ...base, state: 'unchanged', findings: [] };
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return { ...base, state: 'unreadable', path: '#', findings: [] };
    }
    const regenerated = JSON.parse(expected) as unknown;
    const findings = compareApis(apiDescriptionFromOpenApi(document), apiDescriptionFromOpenApi(regenerated));
    if (!version.isHead) {
      return { ...base, state: 'drifted', path: firstDifference(document, regenerated) ?? '#', findings };
    }
    const breaking = findings.some((finding) => finding.severity === 'breaking');
    return { ...base, state: breaking ? 'breaking' : 'additive', findings };
  });
  const known = new Set(contract.versionIds);
  const retired = [...committed.keys()].filter((version) => !known.has(version)).sort();
  const ok = verdicts.every((verdict) => verdict.state === 'unchanged' || verdict.state === 'additive');
  return { contract: contract.name, verdicts, retired, ok };
}

/** The documents `--write` writes: missing ones, and the head's when it is behind by additive changes only. */
export function documentsToWrite(check: ContractCheck): VersionVerdict[] {
  return check.verdicts.filter((verdict) => verdict.state === 'missing' || verdict.state === 'additive');
}

/** A head with no document yet: its breaking differences from the latest published version must be versioned. */
function unpublishedHead(
  entry: ContractEntry,
  committed: ReadonlyMap<string, string>,
  base: Pick<VersionVerdict, 'version' | 'file' | 'expected'>,
): VersionVerdict {
  const { versions } = entry.contract;
  const latest = versions.findIndex((version) => committed.has(version.version));
  if (latest < 0) return { ...base, state: 'missing', findings: [] };
  let published: unknown;
  try {
    published = JSON.parse(committed.get(versions[latest]?.version ?? '') ?? '');
  } catch {
    return { ...base, state: 'missing', findings: [] }; // that document's own verdict reports it
  }
  const touched = new Set(
    versions
      .slice(0, latest)
      .flatMap((version) => version.changes.flatMap((change) => Object.keys(change.operations))),
  );
  const findings = compareApis(
    apiDescriptionFromOpenApi(published),
    apiDescriptionFromOpenApi(JSON.parse(base.expected)),
  );
  const uncovered = findings.filter(
    (finding) => finding.severity === 'breaking' && !touched.has(finding.operationId),
  );
  return uncovered.length > 0
    ? { ...base, state: 'breaking', findings: uncovered }
    : { ...base, state: 'missing', findings };
}
