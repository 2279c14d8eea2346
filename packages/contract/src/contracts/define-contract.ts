import type { z } from 'zod';
import type { Contract, ContractDefinition, ResolvedOperation, ResolvedVersion } from './contract.ts';
import { ContractDefinitionError } from './contract-error.ts';
import type { ErrorCases, Operation, RequestShape } from './operation.ts';
import { type PathTemplate, parsePathTemplate, Router } from './path-template.ts';
import { type OperationPlan, plans, type Step, type UpStep } from './plan.ts';
import { checkRequestShape, checkResponseBody } from './schema-rules.ts';
import { validateDefinition } from './validate.ts';
import {
  type OperationChange,
  parseLifecycleDate,
  type TranslationContext,
  type VersionDefinition,
} from './version.ts';

interface Schemas {
  readonly request: {
    readonly params: z.ZodObject | undefined;
    readonly query: z.ZodObject | undefined;
    readonly body: z.ZodType | undefined;
  };
  readonly responseBody: z.ZodType;
  readonly errors: ErrorCases;
}

/**
 * Validates a contract and resolves every version up front: each older version's schemas are derived from the
 * head by applying the schema edits of the versions above it, and every (version, operation) gets its migration
 * chains. Throws a {@link ContractDefinitionError} listing every problem found.
 *
 * @example
 * export const caseManagement = defineContract({ name: 'case-management', title, description,
 *   operations: [createCase, getCase], versions: [{ version: '2026-04-01', stability: 'stable', changes: [renameSubject] },
 *   { version: '2026-01-15', stability: 'stable', changes: [] }] });
 */
export function defineContract<
  const Ops extends readonly Operation[],
  const Vs extends readonly VersionDefinition<Ops[number]['id']>[],
>(definition: ContractDefinition<Ops, Vs>): Contract<Ops, Vs> {
  const loose = definition as unknown as ContractDefinition;
  const name = String(loose?.name);
  const problems: string[] = [];
  validateDefinition(loose, problems);
  if (problems.length > 0) throw new ContractDefinitionError(name, problems);

  const operations = loose.operations;
  const versions = loose.versions;
  const templates = new Map(operations.map((op) => [op.id, parsePathTemplate(op.path) as PathTemplate]));
  const { perVersion, since } = deriveSchemas(operations, versions, problems);
  if (problems.length > 0) throw new ContractDefinitionError(name, problems);

  perVersion.forEach((schemas, index) => {
    for (const [id, { request, responseBody }] of schemas) {
      const where = `Version "${versions[index]?.version}", operation "${id}"`;
      checkRequestShape(request, templates.get(id) as PathTemplate, where, problems);
      checkResponseBody(responseBody, where, problems);
    }
  });
  if (problems.length > 0) throw new ContractDefinitionError(name, problems);

  const byId = new Map(operations.map((op) => [op.id, op]));
  const resolved: ResolvedVersion[] = versions.map((version, index) => {
    const resolvedOperations = new Map<string, ResolvedOperation>();
    for (const [id, schemas] of perVersion[index] as Map<string, Schemas>) {
      const op = byId.get(id) as Operation;
      resolvedOperations.set(
        id,
        Object.freeze({
          id,
          method: op.method,
          path: op.path,
          summary: op.summary,
          description: op.description,
          request: Object.freeze({ ...schemas.request }),
          response: Object.freeze({ status: op.response.status, body: schemas.responseBody }),
          errors: schemas.errors,
          idempotent: op.idempotent,
          actsForCitizen: op.actsForCitizen,
          version: version.version,
          since: since.get(id) as string,
        }),
      );
    }
    return Object.freeze({
      version: version.version,
      stability: version.stability,
      deprecated: version.deprecated,
      sunset: version.sunset,
      deprecatedAt: version.deprecated === undefined ? undefined : parseLifecycleDate(version.deprecated),
      sunsetAt: version.sunset === undefined ? undefined : parseLifecycleDate(version.sunset),
      changes: version.changes,
      isHead: index === 0,
      operations: resolvedOperations,
    });
  });

  const head = resolved[0] as ResolvedVersion;
  resolved.forEach((version, index) => {
    for (const operation of version.operations.values()) {
      const plan = planFor(name, versions, resolved, index, operation, problems);
      plans.set(operation, plan);
    }
  });
  if (problems.length > 0) throw new ContractDefinitionError(name, problems);

  const byVersion = new Map(resolved.map((version) => [version.version, version]));
  const routers = new Map(
    resolved.map((version) => [
      version.version,
      new Router(
        [...version.operations.values()].map((operation) => ({
          template: templates.get(operation.id) as PathTemplate,
          method: operation.method,
          operation,
        })),
      ),
    ]),
  );

  return Object.freeze({
    name,
    title: loose.title,
    description: loose.description,
    operations: Object.freeze(Object.fromEntries(operations.map((op) => [op.id, op]))) as Contract<
      Ops,
      Vs
    >['operations'],
    versionIds: Object.freeze(resolved.map((version) => version.version)),
    versionDefinitions: Object.freeze([...definition.versions]) as unknown as Vs,
    head,
    versions: Object.freeze(resolved),
    resolve: (version: string) => byVersion.get(version),
    operation: (version: string, operationId: string) => byVersion.get(version)?.operations.get(operationId),
    match: (version: string, method: string, path: string) => routers.get(version)?.match(method, path),
  });
}

/** Walks from the head down, applying each version's schema edits to get the next older version's schemas. */
function deriveSchemas(
  operations: readonly Operation[],
  versions: readonly VersionDefinition[],
  problems: string[],
): { perVersion: Map<string, Schemas>[]; since: Map<string, string> } {
  let current = new Map<string, Schemas>(
    operations.map((op) => [
      op.id,
      {
        request: { params: op.request.params, query: op.request.query, body: op.request.body },
        responseBody: op.response.body,
        errors: op.errors ?? {},
      },
    ]),
  );
  const oldest = (versions[versions.length - 1] as VersionDefinition).version;
  const since = new Map(operations.map((op) => [op.id, oldest]));
  const perVersion = [current];
  for (let index = 0; index < versions.length - 1; index++) {
    const version = versions[index] as VersionDefinition;
    const older = new Map(current);
    for (const change of version.changes) {
      for (const [id, operationChange] of entries(change.operations)) {
        const at = `Version "${version.version}", change "${change.id}", operation "${id}"`;
        const schemas = older.get(id);
        if (!schemas) {
          problems.push(
            `${at}: the operation does not exist at this point (it was added in "${since.get(id)}").`,
          );
          continue;
        }
        if (operationChange.added) {
          older.delete(id);
          since.set(id, version.version);
          continue;
        }
        older.set(id, applyEdits(schemas, operationChange, at, problems));
      }
    }
    current = older;
    perVersion.push(current);
  }
  return { perVersion, since };
}

function applyEdits(schemas: Schemas, change: OperationChange, at: string, problems: string[]): Schemas {
  let { request, responseBody, errors } = schemas;
  try {
    if (change.request) {
      const edited: RequestShape | undefined = change.request(request);
      if (typeof edited !== 'object' || edited === null)
        throw new Error('it must return { params?, query?, body? }');
      request = { params: edited.params, query: edited.query, body: edited.body };
    }
    if (change.response) responseBody = change.response(responseBody);
    if (change.errors) {
      errors = change.errors(errors);
      if (typeof errors !== 'object' || errors === null)
        throw new Error('the errors edit must return a record');
    }
  } catch (error) {
    problems.push(`${at}: a schema edit failed: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return { request, responseBody, errors };
}

function planFor(
  contract: string,
  versions: readonly VersionDefinition[],
  resolved: readonly ResolvedVersion[],
  index: number,
  operation: ResolvedOperation,
  problems: string[],
): OperationPlan {
  const id = operation.id;
  const head = resolved[0]?.operations.get(id) as ResolvedOperation;
  // Version j's downError steps map a code of version j to the code of version j + 1 (the next older).
  const downErrors = versions.map((version) =>
    version.changes.flatMap((change) => operationChange(change.operations, id)?.downError ?? []),
  );
  /** A code declared at version `from` as the pinned version spells it (throws if a downError throws). */
  const toPinned = (code: string, from: number): string => {
    let mapped = code;
    for (let j = from; j < index; j++) for (const run of downErrors[j] ?? []) mapped = run(mapped);
    return mapped;
  };

  const up: UpStep[] = [];
  for (let j = index - 1; j >= 0; j--) {
    const version = versions[j] as VersionDefinition;
    // What this version's ups read is the next older version's request, so their refusals are that version's codes.
    const readsAt = resolved[j + 1]?.operations.get(id);
    for (const change of [...version.changes].reverse()) {
      const run = operationChange(change.operations, id)?.up;
      if (!run) continue;
      const refusalCodes = new Map<string, string>();
      for (const code of Object.keys(readsAt?.errors ?? {})) {
        try {
          const mapped = toPinned(code, j + 1);
          if (Object.hasOwn(operation.errors, mapped)) refusalCodes.set(code, mapped);
        } catch {
          // Reported below for head codes; a refusal with this code then fails as a bug in the change.
        }
      }
      up.push({ changeId: change.id, version: version.version, run, refusalCodes });
    }
  }
  const down: Step<(body: unknown, context: TranslationContext) => unknown>[] = [];
  for (let j = 0; j < index; j++) {
    const version = versions[j] as VersionDefinition;
    for (const change of version.changes) {
      const run = operationChange(change.operations, id)?.down;
      if (run) down.push({ changeId: change.id, version: version.version, run });
    }
  }
  const errorCodes = new Map<string, string>();
  for (const headCode of Object.keys(head.errors)) {
    let code: string;
    try {
      code = toPinned(headCode, 0);
    } catch (error) {
      problems.push(
        `Version "${operation.version}", operation "${id}": mapping error "${headCode}" down threw: ${String(error)}.`,
      );
      continue;
    }
    if (!Object.hasOwn(operation.errors, code)) {
      problems.push(
        `Version "${operation.version}", operation "${id}": the head error "${headCode}" becomes "${code}", which this version does not define (add a downError mapping).`,
      );
    }
    errorCodes.set(headCode, code);
  }
  const sameRequest =
    operation.request.params === head.request.params &&
    operation.request.query === head.request.query &&
    operation.request.body === head.request.body;
  return Object.freeze({
    contract,
    operation,
    head,
    up: Object.freeze(up),
    down: Object.freeze(down),
    requestIsHead: up.length === 0 && sameRequest,
    responseIsHead: down.length === 0 && operation.response.body === head.response.body,
    errorCodes,
  });
}

function entries(
  operations: Readonly<Record<string, OperationChange | undefined>>,
): [string, OperationChange][] {
  return Object.entries(operations).filter(
    (entry): entry is [string, OperationChange] => entry[1] !== undefined,
  );
}

function operationChange(
  operations: Readonly<Record<string, OperationChange | undefined>>,
  id: string,
): OperationChange | undefined {
  return Object.hasOwn(operations, id) ? operations[id] : undefined;
}
