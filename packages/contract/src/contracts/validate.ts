import type { ContractDefinition } from './contract.ts';
import { type ErrorCase, httpMethods, type Localised, type Operation } from './operation.ts';
import { parsePathTemplate } from './path-template.ts';
import { isCalendarDate, type OperationChange, parseLifecycleDate, stabilities } from './version.ts';

const kebabCase = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const camelCase = /^[a-z][A-Za-z0-9]*$/;
const snakeCase = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const changeKeys = new Set(['added', 'request', 'response', 'errors', 'up', 'down', 'downError']);

/**
 * The checks that need no schema derivation: names, dates, order, references. Appends one full sentence per
 * mistake to `problems`, so an author sees all of them at once.
 */
export function validateDefinition(definition: ContractDefinition, problems: string[]): void {
  if (!kebabCase.test(String(definition.name))) problems.push(`The contract name must be kebab-case.`);
  localised(definition.title, 'The contract title', problems);
  localised(definition.description, 'The contract description', problems);
  validateOperations(definition.operations, problems);
  validateVersions(definition, problems);
}

function validateOperations(operations: readonly Operation[], problems: string[]): void {
  if (!Array.isArray(operations) || operations.length === 0) {
    problems.push('The contract needs at least one operation.');
    return;
  }
  const ids = new Set<string>();
  const routes = new Map<string, string>();
  for (const operation of operations) {
    const id = String(operation.id);
    const where = `Operation "${id}"`;
    if (!camelCase.test(id)) problems.push(`${where}: the id must be camelCase.`);
    if (ids.has(id)) problems.push(`${where}: the id is used twice.`);
    ids.add(id);
    if (!(httpMethods as readonly string[]).includes(operation.method)) {
      problems.push(`${where}: the method must be one of ${httpMethods.join(', ')}.`);
    }
    const template = parsePathTemplate(String(operation.path));
    if (typeof template === 'string') {
      problems.push(`${where}: the path ${template}.`);
    } else {
      const route = `${operation.method} ${template.shape}`;
      const other = routes.get(route);
      if (other !== undefined) problems.push(`${where}: ${route} is already served by "${other}".`);
      routes.set(route, id);
    }
    localised(operation.summary, `${where}: the summary`, problems);
    if (operation.description !== undefined)
      localised(operation.description, `${where}: the description`, problems);
    const { request, response } = operation;
    if (typeof request !== 'object' || request === null) problems.push(`${where}: request is missing.`);
    else if (request.body !== undefined && operation.method === 'get') {
      problems.push(`${where}: a get operation cannot take a body.`);
    }
    if (!Number.isInteger(response?.status) || response.status < 200 || response.status > 299) {
      problems.push(`${where}: the response status must be a 2xx status.`);
    }
    if (typeof response?.body?.safeParse !== 'function')
      problems.push(`${where}: the response body must be a zod schema.`);
    for (const [code, errorCase] of Object.entries(operation.errors ?? {}) as [string, ErrorCase][]) {
      const at = `${where}, error "${code}"`;
      if (!snakeCase.test(code)) problems.push(`${at}: the code must be snake_case.`);
      if (!Number.isInteger(errorCase.status) || errorCase.status < 400 || errorCase.status > 599) {
        problems.push(`${at}: the status must be 400–599.`);
      }
      localised(errorCase.title, `${at}: the title`, problems);
      if (errorCase.detail !== undefined) localised(errorCase.detail, `${at}: the detail`, problems);
    }
    if (typeof operation.idempotent !== 'boolean')
      problems.push(`${where}: idempotent must be true or false.`);
    if (typeof operation.actsForCitizen !== 'boolean')
      problems.push(`${where}: actsForCitizen must be true or false.`);
  }
}

function validateVersions(definition: ContractDefinition, problems: string[]): void {
  const { versions } = definition;
  if (!Array.isArray(versions) || versions.length === 0) {
    problems.push('The contract needs at least one version.');
    return;
  }
  const operationIds = new Set(definition.operations.map((operation) => String(operation.id)));
  const changeIds = new Set<string>();
  const addedIn = new Map<string, string>();
  versions.forEach((version, index) => {
    const where = `Version "${version.version}"`;
    if (!isCalendarDate(String(version.version))) {
      problems.push(`${where}: the version must be a real date written YYYY-MM-DD.`);
    }
    const newer = versions[index - 1];
    if (newer && !(version.version < newer.version)) {
      problems.push(`${where}: versions must be listed newest first, each older than "${newer.version}".`);
    }
    if (!(stabilities as readonly string[]).includes(version.stability)) {
      problems.push(`${where}: stability must be one of ${stabilities.join(', ')}.`);
    }
    const deprecated = lifecycle(version.deprecated, `${where}: deprecated`, problems);
    const sunset = lifecycle(version.sunset, `${where}: sunset`, problems);
    if (version.sunset !== undefined && version.deprecated === undefined) {
      problems.push(`${where}: a sunset needs a deprecation date first.`);
    }
    if (deprecated !== undefined && sunset !== undefined && sunset < deprecated) {
      problems.push(`${where}: the sunset must not be before the deprecation date.`);
    }
    if (index === 0 && version.sunset !== undefined)
      problems.push(`${where}: the head version cannot have a sunset.`);
    if (!Array.isArray(version.changes)) {
      problems.push(`${where}: changes must be a list.`);
      return;
    }
    if (index === versions.length - 1 && version.changes.length > 0) {
      problems.push(
        `${where}: the oldest version cannot have changes: there is nothing older to change from.`,
      );
    }
    for (const change of version.changes) {
      const at = `${where}, change "${change.id}"`;
      if (!kebabCase.test(String(change.id))) problems.push(`${at}: the id must be kebab-case.`);
      if (changeIds.has(change.id)) problems.push(`${at}: the id is used twice.`);
      changeIds.add(change.id);
      localised(change.description, `${at}: the description`, problems);
      if (typeof change.sideEffects !== 'boolean') problems.push(`${at}: sideEffects must be true or false.`);
      const touched = Object.entries(change.operations ?? {}) as [string, OperationChange | undefined][];
      if (touched.length === 0) problems.push(`${at}: it touches no operation.`);
      for (const [operationId, operationChange] of touched) {
        const on = `${at}, operation "${operationId}"`;
        if (!operationIds.has(operationId)) {
          problems.push(`${at}: there is no operation "${operationId}".`);
          continue;
        }
        validateOperationChange(operationChange, on, problems);
        if (operationChange?.added) {
          const earlier = addedIn.get(operationId);
          if (earlier !== undefined) problems.push(`${on}: the operation was already added in "${earlier}".`);
          addedIn.set(operationId, version.version);
        }
      }
    }
  });
}

function validateOperationChange(
  change: OperationChange | undefined,
  where: string,
  problems: string[],
): void {
  if (typeof change !== 'object' || change === null) {
    problems.push(`${where}: the change must be an object.`);
    return;
  }
  // A key set to undefined (often left by a spread) counts as absent.
  const keys = Object.keys(change).filter((key) => change[key as keyof OperationChange] !== undefined);
  if (keys.length === 0) problems.push(`${where}: the change does nothing.`);
  for (const key of keys) {
    if (!changeKeys.has(key)) problems.push(`${where}: unknown field "${key}".`);
    else if (key !== 'added' && typeof change[key as keyof OperationChange] !== 'function') {
      problems.push(`${where}: "${key}" must be a function.`);
    }
  }
  if (change.added !== undefined && change.added !== true)
    problems.push(`${where}: "added" can only be true.`);
  if (change.added && keys.length > 1) {
    problems.push(`${where}: an added operation has no older shape, so "added" stands alone.`);
  }
}

function localised(value: Localised | undefined, what: string, problems: string[]): void {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    typeof value.sv === 'string' &&
    value.sv.trim() !== '' &&
    typeof value.en === 'string' &&
    value.en.trim() !== '';
  if (!ok) problems.push(`${what} needs non-empty Swedish (sv) and English (en) texts.`);
}

function lifecycle(value: string | undefined, what: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseLifecycleDate(String(value));
  if (ms === undefined) problems.push(`${what} must be an ISO date (YYYY-MM-DD) or a date-time with a zone.`);
  return ms;
}
