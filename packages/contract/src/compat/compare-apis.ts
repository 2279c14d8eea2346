/** Compares two versions of an API, operation by operation, and reports what a client would notice. */
import { compareSchemas } from './compare-schemas.ts';
import { pointerToken } from './json.ts';
import { type RuleId, rules } from './rules.ts';
import type { ApiDescription, ApiOperation, Finding, FindingLocation, JsonSchema } from './types.ts';

const locationOrder: readonly FindingLocation[] = [
  'operation',
  'request.params',
  'request.query',
  'request.body',
  'response.body',
  'errors',
];

/** Findings for every difference between `base` (published) and `head` (proposed), sorted for stable output. */
export function compareApis(base: ApiDescription, head: ApiDescription): Finding[] {
  const baseOps = base.operations ?? {};
  const headOps = head.operations ?? {};
  const out: Finding[] = [];
  for (const [operationId, before] of Object.entries(baseOps)) {
    const after = Object.hasOwn(headOps, operationId) ? headOps[operationId] : undefined;
    if (after === undefined) out.push(removed(operationId, before, baseOps, headOps));
    else out.push(...compareOperation(operationId, before, after));
  }
  for (const [operationId, after] of Object.entries(headOps)) {
    if (!Object.hasOwn(baseOps, operationId)) {
      const message = `The operation ${after.method.toUpperCase()} ${after.path} was added.`;
      out.push(operationFinding('operation-added', operationId, message));
    }
  }
  return out.sort(
    (a, b) =>
      a.operationId.localeCompare(b.operationId) ||
      locationOrder.indexOf(a.location) - locationOrder.indexOf(b.location) ||
      a.path.localeCompare(b.path) ||
      a.rule.localeCompare(b.rule),
  );
}

function operationFinding(
  rule: RuleId,
  operationId: string,
  message: string,
  location: FindingLocation = 'operation',
  path = '',
): Finding {
  return { rule, severity: rules[rule].severity, operationId, location, path, message };
}

function removed(
  operationId: string,
  before: ApiOperation,
  baseOps: ApiDescription['operations'],
  headOps: ApiDescription['operations'],
): Finding {
  const route = `${before.method.toUpperCase()} ${before.path}`;
  // A new operation at the same route is most likely a rename; say so, since the wire did not change.
  const successor = Object.entries(headOps).find(
    ([id, op]) => !Object.hasOwn(baseOps, id) && sameRoute(op, before),
  )?.[0];
  const hint =
    successor === undefined ? '' : ` The new operation '${successor}' has the same method and path.`;
  return operationFinding('operation-removed', operationId, `The operation ${route} was removed.${hint}`);
}

interface Template {
  readonly shape: string;
  readonly names: readonly string[];
}

/** `/cases/{id}` and `/cases/:caseId` have the same shape; only placeholder names differ. */
function template(path: string): Template {
  const names: string[] = [];
  const shape = path.replace(
    /\{([^}/]+)\}|:([A-Za-z_][A-Za-z0-9_]*)/g,
    (_, braced?: string, colon?: string) => {
      names.push(braced ?? colon ?? '');
      return '{}';
    },
  );
  return { shape: shape.length > 1 ? shape.replace(/\/$/, '') : shape, names };
}

function sameRoute(a: ApiOperation, b: ApiOperation): boolean {
  return (
    a.method.toUpperCase() === b.method.toUpperCase() && template(a.path).shape === template(b.path).shape
  );
}

const noParameters: JsonSchema = { type: 'object', properties: {} };

function compareOperation(operationId: string, before: ApiOperation, after: ApiOperation): Finding[] {
  const out: Finding[] = [];
  if (before.method.toUpperCase() !== after.method.toUpperCase()) {
    const message = `The method went from ${before.method.toUpperCase()} to ${after.method.toUpperCase()}.`;
    out.push(operationFinding('operation-method-changed', operationId, message));
  }
  const from = template(before.path);
  const to = template(after.path);
  const renamed: Record<string, string> = {};
  if (from.shape !== to.shape) {
    const message = `The path went from ${before.path} to ${after.path}; clients call the old one.`;
    out.push(operationFinding('operation-path-changed', operationId, message));
  } else {
    from.names.forEach((name, i) => {
      const next = to.names[i];
      if (next !== undefined && next !== name) renamed[name] = next;
    });
  }

  const request = (op: ApiOperation) => op.request ?? {};
  const compare = (b: JsonSchema, h: JsonSchema, location: FindingLocation, extra = {}) =>
    compareSchemas(b, h, {
      side: location === 'response.body' ? 'response' : 'request',
      location,
      operationId,
      ...extra,
    });
  out.push(
    ...compare(
      request(before).params ?? noParameters,
      request(after).params ?? noParameters,
      'request.params',
      {
        renamedProperties: renamed,
      },
    ),
  );
  out.push(
    ...compare(request(before).query ?? noParameters, request(after).query ?? noParameters, 'request.query'),
  );

  const bodyBefore = request(before).body;
  const bodyAfter = request(after).body;
  if (bodyBefore !== undefined && bodyAfter !== undefined)
    out.push(...compare(bodyBefore, bodyAfter, 'request.body'));
  else if (bodyBefore !== undefined) {
    const message = 'The operation no longer reads a request body; what clients send is ignored.';
    out.push(operationFinding('request-body-removed', operationId, message, 'request.body'));
  } else if (bodyAfter !== undefined) {
    const message = 'The operation now takes a request body; clients send none.';
    out.push(operationFinding('request-body-added', operationId, message, 'request.body'));
  }

  if (before.response.status !== after.response.status) {
    const message = `The success status went from ${before.response.status} to ${after.response.status}.`;
    out.push(operationFinding('success-status-changed', operationId, message));
  }
  out.push(...compare(before.response.body, after.response.body, 'response.body'));
  out.push(...compareErrors(operationId, before.errors ?? {}, after.errors ?? {}));
  return out;
}

function compareErrors(
  operationId: string,
  before: NonNullable<ApiOperation['errors']>,
  after: NonNullable<ApiOperation['errors']>,
): Finding[] {
  const out: Finding[] = [];
  for (const [code, { status }] of Object.entries(before)) {
    const path = `/${pointerToken(code)}`;
    const next = Object.hasOwn(after, code) ? after[code] : undefined;
    if (next === undefined) {
      const message = `The error '${code}' (${status}) is no longer documented; clients handling it may meet another.`;
      out.push(operationFinding('error-removed', operationId, message, 'errors', path));
    } else if (next.status !== status) {
      const message = `The error '${code}' went from status ${status} to ${next.status}.`;
      out.push(operationFinding('error-status-changed', operationId, message, 'errors', path));
    }
  }
  for (const [code, { status }] of Object.entries(after)) {
    if (!Object.hasOwn(before, code)) {
      const message = `The error '${code}' (${status}) is new; clients see it as a problem document.`;
      out.push(operationFinding('error-added', operationId, message, 'errors', `/${pointerToken(code)}`));
    }
  }
  return out;
}
