import { z } from 'zod';
import type { Contract, HeadOperation, ResolvedOperation } from './contract.ts';
import { ContractLookupError, ContractMigrationError } from './contract-error.ts';
import { collectIssues, formatIssues, type Issue } from './issues.ts';
import type { RequestOutput, RequestValue } from './operation.ts';
import { type OperationPlan, plans } from './plan.ts';

export type TranslateResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** The parsed head request for operation `Id` of contract `C`; loosely typed when `Id` is not a literal. */
export type HeadRequest<C, Id extends string> = [HeadOperation<C, Id>] extends [never]
  ? RequestValue
  : RequestOutput<HeadOperation<C, Id>>;

// Parts an operation does not declare must be empty: an unknown parameter is refused like an unknown field.
const noFields = z.strictObject({});
const empty: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Validates a request at the caller's `version` (unknown fields are errors), migrates it up change by change to
 * the head, and validates it there. Invalid input → `{ ok: false, issues }` (paths and messages, never values).
 * A migrated request the head rejects is a bug in a version change → throws {@link ContractMigrationError}.
 * An unknown version or operation → throws {@link ContractLookupError} (check `contract.resolve` first).
 */
export function translateRequest<C extends Contract, Id extends string>(
  contract: C,
  version: string,
  operationId: Id,
  raw: Partial<RequestValue>,
): TranslateResult<HeadRequest<C, Id>> {
  const plan = planOf(contract, version, operationId);
  const issues: Issue[] = [];
  const pinned = parseRequest(plan.operation, raw, issues);
  if (issues.length > 0) return { ok: false, issues };
  if (plan.requestIsHead) return { ok: true, value: pinned as HeadRequest<C, Id> };
  let value = pinned;
  for (const step of plan.up) {
    try {
      value = step.run(value);
    } catch (cause) {
      throw migrationError(
        plan,
        'request',
        `change "${step.changeId}" threw while migrating the request up`,
        {
          changeId: step.changeId,
          cause,
        },
      );
    }
  }
  const headIssues: Issue[] = [];
  const head = parseRequest(plan.head, value, headIssues);
  if (headIssues.length > 0) {
    throw migrationError(
      plan,
      'request',
      `the migrated request fails the head schema: ${formatIssues(headIssues)}`,
      {
        issues: headIssues,
      },
    );
  }
  return { ok: true, value: head as HeadRequest<C, Id> };
}

/**
 * Validates a head response body, migrates it down change by change to `version`, and parses it there with
 * unknown keys stripped, so fields the version does not know (possibly personal data) never reach its callers.
 * A head body that fails the head schema → `{ ok: false, issues }` (the adapter broke the contract).
 * A migrated body the version rejects is a bug in a version change → throws {@link ContractMigrationError}.
 */
export function translateResponse(
  contract: Contract,
  version: string,
  operationId: string,
  headBody: unknown,
): TranslateResult<unknown> {
  const plan = planOf(contract, version, operationId);
  const atHead = plan.head.response.body.safeParse(headBody);
  if (!atHead.success) {
    const issues: Issue[] = [];
    collectIssues(atHead.error, 'body', issues);
    return { ok: false, issues };
  }
  if (plan.responseIsHead) return { ok: true, value: atHead.data };
  let value: unknown = atHead.data;
  for (const step of plan.down) {
    try {
      value = step.run(value);
    } catch (cause) {
      throw migrationError(
        plan,
        'response',
        `change "${step.changeId}" threw while migrating the response down`,
        {
          changeId: step.changeId,
          cause,
        },
      );
    }
  }
  const pinned = plan.operation.response.body.safeParse(value);
  if (!pinned.success) {
    const issues: Issue[] = [];
    collectIssues(pinned.error, 'body', issues);
    throw migrationError(
      plan,
      'response',
      `the migrated response fails the version's schema: ${formatIssues(issues)}`,
      {
        issues,
      },
    );
  }
  return { ok: true, value: pinned.data };
}

/**
 * The error code a caller pinned to `version` knows for a head error code of the operation (through the changes'
 * `downError` mappings). Codes the operation does not declare (generic Brygga codes) come back unchanged.
 */
export function translateErrorCode(
  contract: Contract,
  version: string,
  operationId: string,
  headCode: string,
): string {
  return planOf(contract, version, operationId).errorCodes.get(headCode) ?? headCode;
}

function planOf(contract: Contract, version: string, operationId: string): OperationPlan {
  const operation = contract.operation(version, operationId);
  if (!operation) {
    if (!contract.resolve(version)) {
      throw new ContractLookupError(
        'unknown_version',
        `Contract "${contract.name}" has no version "${version}".`,
      );
    }
    throw new ContractLookupError(
      'unknown_operation',
      `Contract "${contract.name}" has no operation "${operationId}" at version "${version}".`,
    );
  }
  const plan = plans.get(operation);
  if (!plan)
    throw new ContractLookupError('unknown_operation', 'The contract was not created by defineContract.');
  return plan;
}

function parseRequest(
  operation: ResolvedOperation,
  raw: Partial<RequestValue>,
  issues: Issue[],
): RequestValue {
  const { params, query, body } = operation.request;
  const parsedParams = parsePart(params ?? noFields, raw.params ?? empty, 'params', issues);
  const parsedQuery = parsePart(query ?? noFields, raw.query ?? empty, 'query', issues);
  let parsedBody: unknown;
  if (body) parsedBody = parsePart(body, raw.body, 'body', issues);
  else if (raw.body !== undefined) {
    issues.push({ path: ['body'], code: 'unexpected_body', message: 'This operation takes no body.' });
  }
  return {
    params: parsedParams as RequestValue['params'],
    query: parsedQuery as RequestValue['query'],
    body: parsedBody,
  };
}

function parsePart(schema: z.ZodType, value: unknown, part: string, issues: Issue[]): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  collectIssues(result.error, part, issues);
  return undefined;
}

function migrationError(
  plan: OperationPlan,
  direction: 'request' | 'response',
  reason: string,
  extra: { changeId?: string; issues?: readonly Issue[]; cause?: unknown },
): ContractMigrationError {
  const { contract, operation } = plan;
  return new ContractMigrationError(
    {
      contract,
      version: operation.version,
      operationId: operation.id,
      direction,
      changeId: extra.changeId,
      issues: extra.issues,
    },
    `Contract "${contract}", operation "${operation.id}", ${direction} at version "${operation.version}": ${reason}.`,
    { cause: extra.cause },
  );
}
