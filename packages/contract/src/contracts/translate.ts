import { z } from 'zod';
import { OperationError } from '../adapter/index.ts';
import type { Contract, HeadOperation, ResolvedOperation } from './contract.ts';
import { ContractLookupError, ContractMigrationError } from './contract-error.ts';
import { collectIssues, formatIssues, type Issue } from './issues.ts';
import type { ErrorCase, Localised, RequestOutput, RequestValue } from './operation.ts';
import { type OperationPlan, plans, type UpStep } from './plan.ts';
import type { TranslationContext } from './version.ts';

export type TranslateResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * A version change refused the request on the caller's behalf (an `up` threw `OperationError`): answer it like an
 * adapter's error case. Everything here is already as the caller's version knows it.
 */
export interface RequestRefusal {
  /** The error code at the caller's version. */
  readonly code: string;
  /** The error case as the caller's version declares it. */
  readonly errorCase: ErrorCase;
  /** The change's own plain-language detail, when it gave one; never personal data. */
  readonly detail: Localised | undefined;
  /** The change that refused, for logs. */
  readonly changeId: string;
}

/** {@link translateRequest}'s answer: the head request, the caller's invalid input, or a change's refusal. */
export type TranslateRequestResult<T> =
  | TranslateResult<T>
  | { readonly ok: false; readonly operationError: RequestRefusal };

/** The parsed head request for operation `Id` of contract `C`; loosely typed when `Id` is not a literal. */
export type HeadRequest<C, Id extends string> = [HeadOperation<C, Id>] extends [never]
  ? RequestValue
  : RequestOutput<HeadOperation<C, Id>>;

// Parts an operation does not declare must be empty: an unknown parameter is refused like an unknown field.
const noFields = z.strictObject({});
const empty: Readonly<Record<string, never>> = Object.freeze({});
const noContext: TranslationContext = Object.freeze({});

/**
 * Validates a request at the caller's `version` (unknown fields are errors), migrates it up change by change to
 * the head, and validates it there. Invalid input → `{ ok: false, issues }` (paths and messages, never values).
 * A change that refuses the request (its `up` throws `OperationError`) → `{ ok: false, operationError }`, with the
 * error case as the caller's version knows it. `context` reaches every `up` (default: nobody logged in).
 * A migrated request the head rejects, or a refusal with a code the version does not declare, is a bug in a
 * version change → throws {@link ContractMigrationError}.
 * An unknown version or operation → throws {@link ContractLookupError} (check `contract.resolve` first).
 */
export function translateRequest<C extends Contract, Id extends string>(
  contract: C,
  version: string,
  operationId: Id,
  raw: Partial<RequestValue>,
  context: TranslationContext = noContext,
): TranslateRequestResult<HeadRequest<C, Id>> {
  const plan = planOf(contract, version, operationId);
  const issues: Issue[] = [];
  const pinned = parseRequest(plan.operation, raw, issues);
  if (issues.length > 0) return { ok: false, issues };
  if (plan.requestIsHead) return { ok: true, value: pinned as HeadRequest<C, Id> };
  let value = pinned;
  for (const step of plan.up) {
    try {
      value = step.run(value, context);
    } catch (cause) {
      if (OperationError.is(cause)) return { ok: false, operationError: refusal(plan, step, cause) };
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

function refusal(plan: OperationPlan, step: UpStep, error: OperationError): RequestRefusal {
  const code = step.refusalCodes.get(error.code);
  const errorCase = code === undefined ? undefined : plan.operation.errors[code];
  if (code === undefined || errorCase === undefined) {
    throw migrationError(
      plan,
      'request',
      `change "${step.changeId}" refused the request with error "${error.code}", which the version it reads does not declare (or which has no counterpart at this version)`,
      { changeId: step.changeId, cause: error },
    );
  }
  return { code, errorCase, detail: error.detail, changeId: step.changeId };
}

/**
 * Validates a head response body, migrates it down change by change to `version`, and parses it there with
 * unknown keys stripped, so fields the version does not know (possibly personal data) never reach its callers.
 * A head body that fails the head schema → `{ ok: false, issues }` (the adapter broke the contract).
 * `context` reaches every `down`, so a change can give older callers back what the gateway knows (the citizen).
 * A migrated body the version rejects is a bug in a version change → throws {@link ContractMigrationError}.
 */
export function translateResponse(
  contract: Contract,
  version: string,
  operationId: string,
  headBody: unknown,
  context: TranslationContext = noContext,
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
      value = step.run(value, context);
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
