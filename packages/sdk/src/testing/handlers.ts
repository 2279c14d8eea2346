import {
  buildProblem,
  type Contract,
  type Issue,
  jsonSchemaFor,
  type Language,
  type OperationId,
  problemContentType,
  type ResolvedOperation,
  type ResolvedVersion,
  translateRequest,
  versionStatus,
} from '@brygga/contract';
import { type HttpHandler, HttpResponse, http, type JsonBodyType } from 'msw';
import type { ReceiptState } from '../client/types.ts';
import { isTraceparent, newTraceparent } from '../core/trace.ts';
import { type Scenario, scenarioHeader, scenarioProblem } from './scenarios.ts';
import { exampleFromSchema } from './synthesise.ts';

/** One example response of an operation; `examples[version]` of a contract package has this shape. */
export interface ExampleResponse {
  readonly response: { readonly body: unknown };
}

export interface MockGatewayOptions<C extends Contract> {
  readonly contract: C;
  /** The version the mocked gateway serves: a call pinned to another one gets `version_unknown`. */
  readonly version: string;
  /** Default: any origin (`*`); give the gateway URL your code uses to match only that. */
  readonly gatewayUrl?: string | undefined;
  /** Success bodies by operation id, valid at `version`; operations without one get a made-up valid body. */
  readonly examples?: Readonly<Record<string, ExampleResponse>> | undefined;
  /** A fixed scenario per operation; a call's `Brygga-Mock-Scenario` header overrides it. Default `success`. */
  readonly scenarios?: { readonly [Id in OperationId<C>]?: Scenario } | undefined;
  /** Answer 401 to calls without `Authorization: Bearer …`, like the gateway. Default true. */
  readonly requireAuth?: boolean | undefined;
  /** The clock for deprecation and sunset (epoch ms). Default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /**
   * The logged-in citizen the mock plays, as the gateway knows them from the login. Versions whose changes check
   * what the e-service sends against the login (case-management before 2026-12-01: the applicant's personnummer)
   * need it; without it such a request gets the error case the gateway would answer (`applicant_mismatch`).
   */
  readonly citizen?: { readonly personalIdentityNumber: string } | undefined;
  /**
   * For calls sent with `Prefer: respond-async` (`client.submit`): the states a receipt shows, one per poll of
   * `GET /receipts/{id}`, before its outcome. Default `['accepted']`. The outcome follows the scenario: `success`
   * → delivered with the example response, an error code the operation declares → failed with it, `dead` →
   * given up (`service_unavailable`); other scenarios are answered at once, as without the preference.
   */
  readonly receiptSteps?: readonly ('accepted' | 'delivering')[] | undefined;
}

/** A receipt the mock accepted: the states still to show, then its outcome. */
interface MockReceipt {
  readonly steps: ('accepted' | 'delivering')[];
  readonly base: {
    readonly receiptId: string;
    readonly contract: string;
    readonly version: string;
    readonly operation: string;
    readonly acceptedAt: string;
  };
  readonly outcome: Readonly<Record<string, unknown>> & { readonly status: ReceiptState };
}

// Shared by every handler, so a receipt one handler accepted can be read through any mocked gateway's
// `/receipts` handler. Receipt ids are random, so tests never see each other's.
const receipts = new Map<string, MockReceipt>();

interface Setup {
  readonly contract: Contract;
  readonly pinned: ResolvedVersion;
  readonly base: string;
  readonly successBodies: ReadonlyMap<string, unknown>;
  readonly scenarios: Readonly<Record<string, Scenario | undefined>>;
  readonly requireAuth: boolean;
  readonly now: () => number;
  readonly citizen: { readonly personalIdentityNumber: string } | undefined;
  readonly receiptSteps: readonly ('accepted' | 'delivering')[];
  /**
   * Idempotency key → receipt id and what was submitted: a repeated submission gets its first receipt, and the
   * key with another operation or request gets 409 `conflict`, as at the gateway.
   */
  readonly accepted: Map<string, { readonly receiptId: string; readonly request: string }>;
}

/**
 * msw request handlers that stand in for the gateway serving one contract version: valid example responses per
 * operation, error cases on demand, the gateway's headers (`Brygga-Version`, `X-Request-Id`, `traceparent`,
 * deprecation and sunset), 401 without a token, and 422 `validation_failed` for requests the version refuses.
 *
 * @example
 * const server = setupServer(...mockGateway({ contract: caseManagement, version, examples: examples[version] }));
 */
export function mockGateway<C extends Contract>(options: MockGatewayOptions<C>): HttpHandler[] {
  const setup = prepare(options);
  // Literal segments before parameters, so `/cases/mine` is tried before `/cases/{caseId}`.
  const operations = [...setup.pinned.operations.values()].sort(
    (a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0),
  );
  return [
    ...operations.map((operation) => handlerFor(setup, operation, undefined, false)),
    receiptHandler(setup),
  ];
}

/**
 * One operation's handler with a fixed scenario, to put in front of the others for a test:
 * `server.use(mockOperation(options, 'createCase', 'service_unavailable', { once: true }))`.
 */
export function mockOperation<C extends Contract>(
  options: MockGatewayOptions<C>,
  operationId: OperationId<C>,
  scenario: Scenario,
  handlerOptions: { readonly once?: boolean } = {},
): HttpHandler {
  const setup = prepare(options);
  const operation = setup.pinned.operations.get(operationId);
  if (!operation) throw new RangeError(`"${operationId}" does not exist at version ${setup.pinned.version}.`);
  return handlerFor(setup, operation, scenario, handlerOptions.once ?? false);
}

function prepare<C extends Contract>(options: MockGatewayOptions<C>): Setup {
  const { contract, version } = options;
  const pinned = contract.resolve(version);
  if (!pinned) throw new RangeError(`Contract "${contract.name}" has no version "${version}".`);
  const schemas = jsonSchemaFor(contract, version);
  const successBodies = new Map<string, unknown>();
  for (const operation of pinned.operations.values()) {
    const given = options.examples?.[operation.id];
    const body = given
      ? given.response.body
      : exampleFromSchema(schemas.operations[operation.id]?.response ?? {}, undefined, [operation.id]);
    const checked = operation.response.body.safeParse(body);
    if (!checked.success) {
      throw new TypeError(
        `The ${given ? 'given' : 'made-up'} example response of "${operation.id}" is not valid at ${version}: ${checked.error.message}`,
      );
    }
    successBodies.set(operation.id, body);
  }
  return {
    contract,
    pinned,
    base: `${(options.gatewayUrl ?? '*').replace(/\/+$/, '')}/api/${contract.name}`,
    successBodies,
    scenarios: (options.scenarios ?? {}) as Setup['scenarios'],
    requireAuth: options.requireAuth ?? true,
    now: options.now ?? Date.now,
    citizen: options.citizen,
    receiptSteps: options.receiptSteps ?? ['accepted'],
    accepted: new Map(),
  };
}

function handlerFor(
  setup: Setup,
  operation: ResolvedOperation,
  fixed: Scenario | undefined,
  once: boolean,
): HttpHandler {
  const path = `${setup.base}${operation.path.replace(/\{(\w+)\}/g, ':$1')}`;
  return http[operation.method](
    path,
    ({ request, params }) => answer(setup, operation, fixed, request, params),
    {
      once,
    },
  );
}

async function answer(
  setup: Setup,
  operation: ResolvedOperation,
  fixed: Scenario | undefined,
  request: Request,
  params: Readonly<Record<string, string | readonly string[] | undefined>>,
): Promise<Response> {
  const { contract, pinned } = setup;
  const language: Language = /^\s*en\b/i.test(request.headers.get('accept-language') ?? '') ? 'en' : 'sv';
  const requestId = crypto.randomUUID();
  const incomingTrace = request.headers.get('traceparent') ?? undefined;
  const status = versionStatus(pinned, setup.now());
  const headers: Record<string, string> = {
    'X-Request-Id': requestId,
    traceparent: isTraceparent(incomingTrace) ? incomingTrace : newTraceparent(),
    'Brygga-Version': pinned.version,
    ...lifecycleHeaders(contract.name, pinned.version, status),
  };
  const fail = (scenario: Parameters<typeof scenarioProblem>[2], detail?: string) => {
    const problem = scenarioProblem(contract, operation, scenario, language, requestId);
    if (!problem) throw new Error(`unknown problem code ${String(scenario)}`);
    return HttpResponse.json(detail ? { ...problem.body, detail } : problem.body, {
      status: problem.status,
      headers: { ...headers, ...problem.headers, 'Content-Type': problemContentType },
    });
  };

  if (setup.requireAuth && !/^Bearer \S+$/.test(request.headers.get('authorization') ?? '')) {
    headers['WWW-Authenticate'] = 'Bearer';
    return fail('unauthenticated');
  }
  const asked = request.headers.get('brygga-version');
  if (asked !== null && asked !== pinned.version) {
    return fail('version_unknown', `This mock serves version ${pinned.version} of ${contract.name} only.`);
  }
  if (status.status === 'sunset') return fail('version_sunset');

  const scenario = request.headers.get(scenarioHeader) ?? fixed ?? setup.scenarios[operation.id] ?? 'success';
  if (scenario === 'network_error') return HttpResponse.error();
  const submitted =
    operation.method !== 'get' && /(^|,)\s*respond-async\b/i.test(request.headers.get('prefer') ?? '');
  // A submission's business outcome comes later, on its receipt; the request is still checked now.
  const later =
    submitted &&
    typeof scenario === 'string' &&
    (scenario === 'dead' || Object.hasOwn(operation.errors, scenario));
  if (scenario !== 'success' && !later) {
    if (scenarioProblem(contract, operation, scenario, language, requestId)) return fail(scenario);
    return fail(
      'bad_request',
      `Unknown mock scenario "${String(typeof scenario === 'object' ? scenario.code : scenario)}" for ${operation.id}: use success, network_error, ${Object.keys(operation.errors).join(', ')} or a code of the error catalogue.`,
    );
  }

  const text = await request.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    return fail('malformed_json');
  }
  const query: Record<string, string | string[]> = {};
  const url = new URL(request.url);
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  const translated = translateRequest(
    contract,
    pinned.version,
    operation.id,
    { params, query, body },
    { citizen: setup.citizen },
  );
  // A version change refused it for the citizen: the gateway answers with the operation's error case.
  if ('operationError' in translated) return fail(translated.operationError.code);
  if ('issues' in translated) {
    const problem = scenarioProblem(contract, operation, 'validation_failed', language, requestId);
    return HttpResponse.json(
      { ...problem?.body, errors: translated.issues.map(issueItem) },
      { status: 422, headers: { ...headers, 'Content-Type': problemContentType } },
    );
  }
  const success = echoParams(setup.successBodies.get(operation.id), params);
  if (submitted) {
    const outcome: MockReceipt['outcome'] =
      scenario === 'success'
        ? { status: 'delivered', result: { status: operation.response.status, body: success } }
        : scenario === 'dead'
          ? { status: 'dead', problem: problemOf('service_unavailable', language) }
          : {
              status: 'failed',
              problem: { code: scenario, title: operation.errors[scenario as string]?.title[language] },
            };
    const submission = stableJson([contract.name, pinned.version, operation.id, params, query, body ?? null]);
    const key = request.headers.get('idempotency-key');
    const first = key === null ? undefined : setup.accepted.get(key);
    if (first && first.request !== submission) {
      headers['Brygga-Should-Retry'] = 'false';
      return fail(
        'conflict',
        'Idempotency-Key har redan använts för en annan ansökan. Skicka den här med en ny nyckel. The Idempotency-Key was already used for another submission. Send this one with a new key.',
      );
    }
    return accept(setup, operation, request, headers, outcome, submission);
  }
  return HttpResponse.json(success as JsonBodyType, { status: operation.response.status, headers });
}

function problemOf(code: 'service_unavailable' | 'not_found' | 'unauthenticated', language: Language) {
  return { code, title: buildProblem({ code, language }).title };
}

/** `202 Accepted` with a receipt, as the gateway answers `Prefer: respond-async`. */
function accept(
  setup: Setup,
  operation: ResolvedOperation,
  request: Request,
  headers: Record<string, string>,
  outcome: MockReceipt['outcome'],
  submission: string,
): Response {
  const key = request.headers.get('idempotency-key');
  let receiptId = key === null ? undefined : setup.accepted.get(key)?.receiptId;
  if (receiptId === undefined) {
    const random = crypto.getRandomValues(new Uint8Array(18));
    receiptId = `rcpt_${btoa(String.fromCharCode(...random))
      .replaceAll('+', '-')
      .replaceAll('/', '_')}`;
    if (key !== null) setup.accepted.set(key, { receiptId, request: submission });
    receipts.set(receiptId, {
      steps: [...setup.receiptSteps],
      base: {
        receiptId,
        contract: setup.contract.name,
        version: setup.pinned.version,
        operation: operation.id,
        acceptedAt: new Date(setup.now()).toISOString(),
      },
      outcome,
    });
  }
  const found = receipts.get(receiptId) as MockReceipt;
  const statusUrl = `${new URL(request.url).origin}/receipts/${receiptId}`;
  return HttpResponse.json(
    { receiptId, status: 'accepted', statusUrl, acceptedAt: found.base.acceptedAt },
    {
      status: 202,
      headers: {
        ...headers,
        'Cache-Control': 'no-store',
        Location: statusUrl,
        'Preference-Applied': 'respond-async',
        'Retry-After': '1',
      },
    },
  );
}

/**
 * `GET /receipts/{receiptId}`: each poll shows the receipt's next state, then its outcome for good. An id the
 * mock did not hand out is `not_found`, as at the gateway.
 */
function receiptHandler(setup: Setup): HttpHandler {
  const origin = (setup.base.split('/api/')[0] as string) || '*';
  return http.get(`${origin}/receipts/:receiptId`, ({ request, params }) => {
    const language: Language = /^\s*en\b/i.test(request.headers.get('accept-language') ?? '') ? 'en' : 'sv';
    const requestId = crypto.randomUUID();
    const headers: Record<string, string> = { 'X-Request-Id': requestId, 'Cache-Control': 'no-store' };
    const problem = (code: 'not_found' | 'unauthenticated') => {
      const body = buildProblem({ code, language, requestId });
      if (code === 'unauthenticated') headers['WWW-Authenticate'] = 'Bearer';
      return HttpResponse.json(body, {
        status: body.status,
        headers: { ...headers, 'Content-Type': problemContentType },
      });
    };
    if (setup.requireAuth && !/^Bearer \S+$/.test(request.headers.get('authorization') ?? '')) {
      return problem('unauthenticated');
    }
    const found = receipts.get(String(params.receiptId));
    if (!found) return problem('not_found');
    const updatedAt = new Date(setup.now()).toISOString();
    const step = found.steps.shift();
    headers['Brygga-Version'] = found.base.version;
    if (step !== undefined) headers['Retry-After'] = '1';
    const body =
      step === undefined
        ? {
            ...found.base,
            attempts: found.outcome.status === 'dead' ? 5 : 1,
            updatedAt,
            ...found.outcome,
            ...(found.outcome.status === 'delivered' ? { deliveredAt: updatedAt } : {}),
          }
        : {
            ...found.base,
            status: step,
            attempts: step === 'accepted' ? 0 : 1,
            updatedAt,
            nextAttemptAt: updatedAt,
          };
    return HttpResponse.json(body, { headers });
  });
}

/** JSON with object keys sorted, so the same request always reads the same. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/** The gateway's `validation_failed` item: a JSON Pointer and the reason, never the value. */
function issueItem(issue: Issue): { path: string; code: string; message: string } {
  const pointer = issue.path
    .map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
  return { path: pointer, code: issue.code, message: issue.message };
}

/** A path parameter named like a top-level response field (`caseId`) is echoed there, as a real answer would. */
function echoParams(body: unknown, params: Readonly<Record<string, unknown>>): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const echoed: Record<string, unknown> = { ...body };
  for (const [name, value] of Object.entries(params))
    if (name in echoed && typeof value === 'string') echoed[name] = value;
  return echoed;
}

function lifecycleHeaders(
  contract: string,
  version: string,
  status: ReturnType<typeof versionStatus>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const link = `</reference/${contract}#v${version}>`;
  const links: string[] = [];
  if (status.deprecatedAt !== undefined) {
    headers.Deprecation = `@${Math.floor(status.deprecatedAt / 1000)}`;
    links.push(`${link}; rel="deprecation"; type="text/html"`);
  }
  if (status.sunsetAt !== undefined) {
    headers.Sunset = new Date(status.sunsetAt).toUTCString();
    links.push(`${link}; rel="sunset"; type="text/html"`);
  }
  if (links.length > 0) headers.Link = links.join(', ');
  return headers;
}
