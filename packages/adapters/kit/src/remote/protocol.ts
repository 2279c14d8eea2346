import type { Localised, RequestValue } from '@brygga/contract';

// The remote adapter protocol, version 1 (docs/remote-adapters.md). Pure: shapes, paths and checks, no I/O, so
// the gateway's client and the adapter's server read the same rules.

/** Every path of the protocol starts with this, after the adapter's base URL. */
export const protocolPrefix = '/brygga-adapter/v1';
export const protocolName = 'brygga-adapter/v1';

export const paths = {
  manifest: `${protocolPrefix}/manifest`,
  ready: `${protocolPrefix}/ready`,
  operation: (operationId: string) => `${protocolPrefix}/operations/${encodeURIComponent(operationId)}`,
} as const;

/** `GET …/manifest`: what the remote adapter serves, checked by the gateway against the contract's head. */
export interface RemoteManifest {
  readonly protocol: typeof protocolName;
  readonly contract: string;
  readonly contractVersion: string;
  readonly operations: readonly string[];
}

/** The context of a call as it travels: the `AdapterContext` without its signal and traceparent (a header). */
export interface EnvelopeContext {
  readonly requestId: string;
  readonly eServiceId: string;
  readonly purposeId: string;
  /** Only here, in the body: never in a URL or a header. */
  readonly citizen?: { readonly personalIdentityNumber: string };
  readonly idempotencyKey?: string;
}

/** `POST …/operations/{operationId}`: the head request and its context. */
export interface OperationEnvelope {
  readonly request: RequestValue;
  readonly context: EnvelopeContext;
}

/** `200`: a result at head. */
export interface SuccessAnswer {
  readonly status?: number;
  readonly body?: unknown;
}

/** `422`: one of the operation's declared error cases. */
export interface OperationErrorAnswer {
  readonly error: { readonly code: string; readonly detail?: Localised };
}

/** The adapter server's own refusals (400, 401, 404, 405, 413, 415, 502): a stable code and a plain message. */
export interface ProtocolErrorAnswer {
  readonly error: { readonly code: string; readonly message: string };
}

/** JSON Schema (2020-12) of the operation envelope, as published in docs/remote-adapters.md. */
export const envelopeSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://brygga.se/schemas/brygga-adapter/v1/operation-envelope.json',
  title: 'Brygga remote adapter operation call (v1)',
  type: 'object',
  required: ['request', 'context'],
  additionalProperties: false,
  properties: {
    request: {
      type: 'object',
      required: ['params', 'query'],
      additionalProperties: false,
      properties: {
        params: { type: 'object', description: 'Path parameters, parsed at the head.' },
        query: { type: 'object', description: 'Query parameters, parsed at the head.' },
        body: { description: 'The request body at the head; absent for operations without one.' },
      },
    },
    context: {
      type: 'object',
      required: ['requestId', 'eServiceId', 'purposeId'],
      additionalProperties: false,
      properties: {
        requestId: { type: 'string', minLength: 1, maxLength: 200 },
        eServiceId: { type: 'string', minLength: 1, maxLength: 200 },
        purposeId: { type: 'string', minLength: 1, maxLength: 200 },
        citizen: {
          type: 'object',
          required: ['personalIdentityNumber'],
          additionalProperties: false,
          properties: { personalIdentityNumber: { type: 'string', pattern: '^[0-9]{12}$' } },
        },
        idempotencyKey: { type: 'string', minLength: 1, maxLength: 255 },
      },
    },
  },
} as const;

type Check<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const shortText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

function unknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
): string | undefined {
  // Not even the unknown field's name is reported: a name can be a value (a personnummer as a key).
  return Object.keys(value).every((key) => allowed.includes(key))
    ? undefined
    : `${where} has a field outside the protocol (allowed: ${allowed.join(', ')})`;
}

/**
 * Checks a parsed envelope against {@link envelopeSchema}. The problem names the field and never its value: the
 * envelope carries the personnummer.
 */
export function checkEnvelope(value: unknown): Check<OperationEnvelope> {
  const fail = (problem: string): Check<OperationEnvelope> => ({ ok: false, problem });
  if (!isRecord(value)) return fail('the body must be a JSON object with request and context');
  const extra = unknownKeys(value, ['request', 'context'], 'the body');
  if (extra) return fail(extra);
  const { request, context } = value;
  if (!isRecord(request)) return fail('request must be an object');
  const extraRequest = unknownKeys(request, ['params', 'query', 'body'], 'request');
  if (extraRequest) return fail(extraRequest);
  if (!isRecord(request.params)) return fail('request.params must be an object');
  if (!isRecord(request.query)) return fail('request.query must be an object');
  if (!isRecord(context)) return fail('context must be an object');
  const extraContext = unknownKeys(
    context,
    ['requestId', 'eServiceId', 'purposeId', 'citizen', 'idempotencyKey'],
    'context',
  );
  if (extraContext) return fail(extraContext);
  for (const field of ['requestId', 'eServiceId', 'purposeId'] as const) {
    if (!shortText(context[field], 200))
      return fail(`context.${field} must be a text of 1 to 200 characters`);
  }
  if (context.citizen !== undefined) {
    const citizen = context.citizen;
    if (!isRecord(citizen) || Object.keys(citizen).length !== 1) {
      return fail('context.citizen must be an object with personalIdentityNumber only');
    }
    if (
      typeof citizen.personalIdentityNumber !== 'string' ||
      !/^\d{12}$/.test(citizen.personalIdentityNumber)
    ) {
      return fail('context.citizen.personalIdentityNumber must be 12 digits');
    }
  }
  if (context.idempotencyKey !== undefined && !shortText(context.idempotencyKey, 255)) {
    return fail('context.idempotencyKey must be a text of 1 to 255 characters');
  }
  return { ok: true, value: value as unknown as OperationEnvelope };
}

/** Checks a manifest; the problem says what is wrong in words. */
export function checkManifest(value: unknown): Check<RemoteManifest> {
  const fail = (problem: string): Check<RemoteManifest> => ({ ok: false, problem });
  if (!isRecord(value)) return fail('the manifest is not a JSON object');
  if (value.protocol !== protocolName) return fail(`the manifest is not for protocol ${protocolName}`);
  if (!shortText(value.contract, 200)) return fail('the manifest has no contract');
  if (!shortText(value.contractVersion, 200)) return fail('the manifest has no contractVersion');
  const operations = value.operations;
  if (!Array.isArray(operations) || !operations.every((id) => shortText(id, 200))) {
    return fail('the manifest operations are not a list of operation ids');
  }
  return { ok: true, value: value as unknown as RemoteManifest };
}

/** Reads a 200 answer: `{ status?, body }`, status a 2xx when present. */
export function checkSuccess(value: unknown): Check<SuccessAnswer> {
  if (!isRecord(value)) return { ok: false, problem: 'the answer is not a JSON object' };
  const status = value.status;
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 299)
  ) {
    return { ok: false, problem: 'the answer status is not a 2xx status' };
  }
  return { ok: true, value: value as SuccessAnswer };
}

/** Reads a 422 answer: `{ error: { code, detail?: { sv, en } } }`. */
export function checkOperationError(value: unknown): Check<OperationErrorAnswer> {
  const fail = (problem: string): Check<OperationErrorAnswer> => ({ ok: false, problem });
  if (!isRecord(value) || !isRecord(value.error)) return fail('the error answer has no error object');
  const { code, detail } = value.error;
  if (typeof code !== 'string' || !/^[a-z][a-z0-9_]{0,99}$/.test(code))
    return fail('the error code is malformed');
  if (detail !== undefined) {
    if (!isRecord(detail) || !shortText(detail.sv, 2_000) || !shortText(detail.en, 2_000)) {
      return fail('the error detail is not { sv, en }');
    }
  }
  return { ok: true, value: value as unknown as OperationErrorAnswer };
}
