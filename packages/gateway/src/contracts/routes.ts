import {
  type Adapter,
  adapterFailureCode,
  BryggaError,
  type Contract,
  ContractMigrationError,
  type ErrorCase,
  type ErrorCode,
  type Localised,
  personalDataPaths,
  type RequestValue,
  type ResolvedOperation,
  translateRequest,
} from '@brygga/contract';
import { type Context, Hono } from 'hono';
import type { GatewayEnv } from '../http/env.ts';
import { formatTraceparent } from '../http/middleware/trace-context/traceparent.ts';
import { negotiateLanguage } from '../http/problems/language.ts';
import type { Enqueue } from '../outbox/accept.ts';
import { wantsOutbox } from '../outbox/plan.ts';
import type { ResolveCaller, ResolveCitizen } from './caller.ts';
import { invokeOperation } from './invoke.ts';
import { type LifecycleLinks, lifecycleHeaders } from './lifecycle-headers.ts';
import { issueItems, operationErrorProblem, pointer, problemResponse } from './problems.ts';
import type { RecordUsage, UsageOutcome } from './usage/event.ts';
import { chooseVersion, supportedVersions, versionHeader } from './version-selection.ts';

/** Where contract operations are served: `/api/{contract}/{operation path}`, e.g. `POST /api/case-management/cases`. */
export const contractsBasePath = '/api';

/** What the routes need to know of an e-service (a configured `EServiceConfig` fits). */
export interface EServiceRegistration {
  readonly id: string;
  /** The first one is used unless a call names another in `Brygga-Purpose`. */
  readonly purposes: readonly string[];
  readonly contracts: readonly {
    readonly contract: string;
    readonly version: string;
    readonly businessSystem: string;
    /** `outbox`: writes are accepted durably and answered 202 (see `enqueue`). Default `direct`. */
    readonly delivery?: 'direct' | 'outbox' | undefined;
  }[];
}

/** An adapter ready to take calls, with the time limit of the business system behind it. */
export interface BoundAdapter {
  readonly adapter: Adapter;
  readonly timeoutMs: number;
}

/** The adapter that serves `contract` for `businessSystem`; undefined when none is available (503). */
export type AdapterLookup = (businessSystem: string, contract: string) => BoundAdapter | undefined;

export interface ContractRoutesOptions {
  readonly contracts: readonly Contract[];
  readonly eServices: readonly EServiceRegistration[];
  readonly adapters: AdapterLookup;
  readonly resolveCaller: ResolveCaller;
  /** Needed by operations that act for a citizen; without it they answer 401. */
  readonly resolveCitizen?: ResolveCitizen | undefined;
  readonly recordUsage?: RecordUsage | undefined;
  /** Epoch milliseconds; injected in tests to move past deprecation and sunset dates. */
  readonly now?: (() => number) | undefined;
  /** Sent as the `WWW-Authenticate` challenge of a 401. */
  readonly challenge?: string | undefined;
  /** Default: the contract's reference page under the gateway, `/reference/{contract}#v{version}`. */
  readonly links?: ((contract: string, version: string) => LifecycleLinks) | undefined;
  /**
   * Called once the adapter has been asked, or a version change has refused the call for its citizen (see
   * {@link ProcessedCall}), before anything is answered: the place for the audit log. If it throws, the caller
   * gets that error (a 503 when the audit log cannot write) and never the business system's data: processing is
   * not served unlogged.
   */
  readonly onProcessed?: ((event: ProcessedCall) => Promise<void>) | undefined;
  /**
   * The durable outbox: a write whose call sends `Prefer: respond-async`, or whose pin says `delivery: outbox`, is
   * handed here once every check has passed and the request is at the head, instead of to the adapter; it answers
   * 202 with a receipt. Without it every call is synchronous.
   */
  readonly enqueue?: Enqueue | undefined;
}

/**
 * A contract call that reached the adapter, as the audit log records it; or one a version change refused on the
 * citizen's behalf (an older version's personnummer that is not the login's), which is recorded like the adapter's
 * own refusal was, since checking it processed the personnummer and a mismatch is what misuse follow-up looks for.
 */
export interface ProcessedCall {
  readonly eServiceId: string;
  readonly businessSystem: string;
  readonly contract: string;
  readonly version: string;
  readonly operationId: string;
  readonly purposeId: string;
  /** The citizen the call acted for, when it did. */
  readonly citizen: { readonly personalIdentityNumber: string } | undefined;
  /** Whether the operation's request or response holds fields marked as personal data. */
  readonly touchesPersonalData: boolean;
  /** `success`, or the stable code the caller is answered with. */
  readonly outcome: { readonly status: 'success' } | { readonly status: 'failure'; readonly problem: string };
  readonly requestId: string;
  readonly traceId: string;
  /** How long the adapter took, in milliseconds; absent when it was never asked (a refused request). */
  readonly durationMs?: number;
}

export const purposeHeader = 'Brygga-Purpose';

/** Tells clients (the SDK honours it) whether retrying can help, where the status alone would suggest it might. */
export const shouldRetryHeader = 'Brygga-Should-Retry';

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);
const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

/**
 * The contract operations, one route for all: authenticate the e-service, check it is registered for the contract,
 * choose the version (its pin, or `Brygga-Version`), translate the request up to the head, call the adapter,
 * translate the answer back down. Both translations get the logged-in citizen (resolved here, never sent by the
 * e-service), so a version change can keep the personnummer out of newer versions. Every response names the
 * version it was served at, with the version's deprecation and sunset headers; every failure is a problem
 * document. Mount with `app.route('/', …)`.
 *
 * @example
 * app.route('/', contractRoutes({ contracts: [caseManagement], eServices: config.eServices, adapters, resolveCaller }));
 */
export function contractRoutes(options: ContractRoutesOptions): Hono<GatewayEnv> {
  const contracts = new Map(options.contracts.map((contract) => [contract.name, contract]));
  const eServices = new Map(options.eServices.map((eService) => [eService.id, eService]));
  const now = options.now ?? Date.now;
  const links =
    options.links ??
    ((contract: string, version: string) => {
      const page = `/reference/${contract}#v${version}`;
      return { deprecation: page, sunset: page };
    });
  const record = options.recordUsage ?? (() => {});
  const app = new Hono<GatewayEnv>();

  app.all(`${contractsBasePath}/:contract/*`, async function contractCall(c) {
    const contract = contracts.get(c.req.param('contract'));
    if (!contract) throw new BryggaError('not_found');

    const caller = await options.resolveCaller(c);
    if (!caller) {
      throw new BryggaError('unauthenticated', {
        headers: options.challenge ? { 'WWW-Authenticate': options.challenge } : {},
      });
    }
    const eService = eServices.get(caller.eServiceId);
    const pin = eService?.contracts.find((each) => each.contract === contract.name);
    if (!eService || !pin) {
      throw new BryggaError('forbidden', {
        detail:
          'Den här e-tjänsten är inte registrerad för kontraktet. This e-service is not registered for the contract.',
      });
    }

    const at = now();
    const choice = chooseVersion(contract, pin.version, c.req.header(versionHeader), at);
    if (choice.kind === 'unknown') {
      throw new BryggaError('version_unknown', {
        extensions: { supportedVersions: supportedVersions(contract, at) },
      });
    }
    const version = choice.version.version;
    const headers: Record<string, string> = {
      [versionHeader]: version,
      ...lifecycleHeaders(choice.status, links(contract.name, version)),
    };
    const fail = (code: ErrorCode, more: { detail?: string; extensions?: Record<string, unknown> } = {}) =>
      new BryggaError(code, { ...more, headers });

    // The raw path: parameters are percent-decoded once, by the contract's router, never twice. Parsed once, for
    // the query too.
    const url = new URL(c.req.url);
    const pathname = url.pathname;
    const prefix = `${contractsBasePath}/${contract.name}`;
    const match = pathname.startsWith(`${prefix}/`)
      ? contract.match(version, c.req.method, pathname.slice(prefix.length))
      : undefined;
    if (!match) throw fail('not_found');
    if (match.kind === 'method_not_allowed') {
      throw new BryggaError('method_not_allowed', {
        headers: { ...headers, Allow: match.allow.map((method) => method.toUpperCase()).join(', ') },
      });
    }
    const operation = match.operation;
    c.set(
      'log',
      c.var.log.child({ eservice: eService.id, contract: contract.name, version, operation: operation.id }),
    );
    const usage = (outcome: UsageOutcome) =>
      record({
        eServiceId: eService.id,
        contract: contract.name,
        version,
        operationId: operation.id,
        outcome,
        at,
      });

    if (choice.kind === 'sunset') {
      usage('rejected');
      throw fail('version_sunset', { extensions: { supportedVersions: supportedVersions(contract, at) } });
    }

    const purpose = c.req.header(purposeHeader)?.trim();
    if (purpose !== undefined && !eService.purposes.includes(purpose)) {
      usage('rejected');
      throw fail('forbidden', {
        detail:
          'E-tjänsten är inte registrerad för det ändamålet. The e-service is not registered for that purpose.',
      });
    }
    const purposeId = purpose ?? eService.purposes[0] ?? '';

    const idempotencyKey = c.req.header('idempotency-key');
    if (idempotencyKey !== undefined && !idempotencyKeyPattern.test(idempotencyKey)) {
      usage('rejected');
      throw fail('bad_request', {
        detail:
          'Idempotency-Key ska vara 1–255 synliga ASCII-tecken. Idempotency-Key must be 1–255 visible ASCII characters.',
      });
    }

    let citizen: { readonly personalIdentityNumber: string } | undefined;
    if (operation.actsForCitizen) {
      citizen = await options.resolveCitizen?.(c, caller);
      if (!citizen) {
        usage('rejected');
        throw fail('unauthenticated', {
          detail: 'Anropet gäller en inloggad person. This call acts for a logged-in person.',
        });
      }
    }

    const raw = await readRequest(c, url, match.params);
    if (raw === 'malformed') {
      usage('rejected');
      throw fail('malformed_json');
    }
    const language = negotiateLanguage(c.req.header('accept-language'));
    // The login reaches the version changes too: older versions' personnummer is checked against it and given back
    // from it, so the head never carries one from the e-service.
    const translated = translateRequest(contract, version, operation.id, raw, { citizen });
    // What the audit log and the outbox both need to know of this call.
    const call = {
      eServiceId: eService.id,
      businessSystem: pin.businessSystem,
      contract: contract.name,
      version,
      operationId: operation.id,
      purposeId,
      citizen,
      touchesPersonalData: touchesPersonalData(operation),
      requestId: c.var.requestId,
      traceId: c.var.trace.traceId,
    };
    const audit = (outcome: ProcessedCall['outcome'], durationMs?: number) =>
      options.onProcessed?.({ ...(durationMs === undefined ? {} : { durationMs }), ...call, outcome });
    const operationErrorResponse = (code: string, errorCase: ErrorCase, detail: Localised | undefined) =>
      problemResponse(
        operationErrorProblem({
          contract: contract.name,
          version,
          operationId: operation.id,
          code,
          errorCase,
          detail,
          language,
          requestId: c.var.requestId,
          type: `/reference/${contract.name}#error-${code}`,
        }),
        language,
        // A declared business outcome (e.g. duplicate_submission): the same request gets the same answer.
        { ...headers, [shouldRetryHeader]: 'false' },
      );
    if ('issues' in translated) {
      usage('rejected');
      throw fail('validation_failed', { extensions: { errors: issueItems(translated.issues, language) } });
    }
    if ('operationError' in translated) {
      // A version change refused for the citizen (e.g. applicant_mismatch): the same answer the adapter would
      // give, audited like one, since the gateway compared the citizen's personnummer to make it.
      const { code, errorCase, detail, changeId } = translated.operationError;
      c.var.log.info({ errorCode: code }, `version change ${changeId} refused the request`);
      await audit({ status: 'failure', problem: code });
      usage('operation_error');
      return operationErrorResponse(code, errorCase, detail);
    }

    const bound = options.adapters(pin.businessSystem, contract.name);
    const handler = bound?.adapter.handlers[operation.id];
    if (!bound || !handler) {
      usage('failed');
      c.var.log.warn({ errorCode: 'service_unavailable' }, 'no adapter serves this operation');
      // A configuration fault: retrying will not help until an operator fixes it.
      throw new BryggaError('service_unavailable', { headers: { ...headers, [shouldRetryHeader]: 'false' } });
    }

    if (options.enqueue && wantsOutbox(c.req.method, c.req.header('prefer'), pin.delivery)) {
      const accepted = await options.enqueue({
        ...call,
        request: translated.value,
        idempotencyKey,
        language,
        headers,
      });
      // Accepted, not yet done: the delivery's own outcome is recorded when the outbox worker calls the adapter.
      usage('accepted');
      return accepted;
    }

    const started = performance.now();
    const outcome = await invokeOperation({
      contract,
      version,
      operationId: operation.id,
      request: translated.value,
      handler,
      context: {
        requestId: c.var.requestId,
        traceparent: formatTraceparent(c.var.trace),
        eServiceId: eService.id,
        purposeId,
        ...(citizen ? { citizen } : {}),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      },
      timeoutMs: bound.timeoutMs,
      callerSignal: c.req.raw.signal,
    });
    await audit(outcomeForAudit(outcome), performance.now() - started);

    switch (outcome.kind) {
      case 'ok':
        usage('ok');
        return c.json(outcome.body as object, outcome.status as 200, headers);
      case 'operation_error':
        usage('operation_error');
        return operationErrorResponse(outcome.code, outcome.errorCase, outcome.detail);
      case 'bad_response': {
        usage('bad_response');
        // Paths and codes only: the values are the business system's data, possibly personal.
        const where =
          outcome.undeclaredCode === undefined
            ? outcome.issues.map((issue) => `${pointer(issue.path)} (${issue.code})`).join(', ')
            : `undeclared error code ${outcome.undeclaredCode}`;
        c.var.log.warn({ errorCode: 'bad_gateway' }, `the adapter answered outside the contract: ${where}`);
        throw fail('bad_gateway');
      }
      case 'failed':
        usage('failed');
        throw new BryggaError(adapterFailureCode(outcome.cause), { headers, cause: outcome.cause });
      case 'translation_failed': {
        usage('failed');
        // The change and the paths only: the values are the business system's data, possibly personal.
        c.var.log.error({ errorCode: 'internal_error' }, translationFailure(outcome.cause));
        throw fail('internal_error');
      }
      case 'timeout':
        usage('timeout');
        throw fail('gateway_timeout');
      case 'cancelled':
        usage('cancelled');
        // Nobody is listening any more; 499 (client closed request) keeps the access log honest.
        return new Response(null, { status: 499 });
    }
  });

  return app;
}

/** Whether an operation carries fields marked as personal data, in its request or its response. */
export function touchesPersonalData(operation: ResolvedOperation): boolean {
  const { params, query, body } = operation.request;
  return [params, query, body, operation.response.body].some(
    (schema) => schema !== undefined && personalDataPaths(schema).length > 0,
  );
}

function outcomeForAudit(outcome: Awaited<ReturnType<typeof invokeOperation>>): ProcessedCall['outcome'] {
  switch (outcome.kind) {
    case 'ok':
      return { status: 'success' };
    case 'operation_error':
      return { status: 'failure', problem: outcome.code };
    case 'bad_response':
      return { status: 'failure', problem: 'bad_gateway' };
    case 'failed':
      return { status: 'failure', problem: adapterFailureCode(outcome.cause) };
    case 'translation_failed':
      return { status: 'failure', problem: 'internal_error' };
    case 'timeout':
      return { status: 'failure', problem: 'gateway_timeout' };
    case 'cancelled':
      return { status: 'failure', problem: 'cancelled' };
  }
}

/**
 * A log line for an answer no version change could translate down: which change and which paths, never the
 * error's message (a schema's issue messages may quote values) nor its cause.
 */
function translationFailure(cause: unknown): string {
  if (!(cause instanceof ContractMigrationError))
    return 'the answer could not be translated to the caller’s version';
  const { changeId, issues } = cause.failure;
  const where = [
    ...(changeId === undefined ? [] : [`version change ${changeId} threw`]),
    ...(issues === undefined || issues.length === 0
      ? []
      : [
          `the translated answer fails the version at ${issues.map((issue) => `${pointer(issue.path)} (${issue.code})`).join(', ')}`,
        ]),
  ];
  return `the answer could not be translated to the caller’s version: ${where.join('; ') || 'unknown reason'}`;
}

/**
 * The request's parts as the translator takes them: raw path parameters, query strings and the parsed body
 * (absent when empty, so an operation without a body accepts a POST with none). `malformed` for invalid JSON.
 */
async function readRequest(
  c: Context<GatewayEnv>,
  url: URL,
  params: Readonly<Record<string, string>>,
): Promise<Partial<RequestValue> | 'malformed'> {
  // No prototype: `?__proto__=x` is a field like any other (which the schema then refuses as unknown), not a way
  // to replace the object's prototype.
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of url.search === '' ? [] : url.searchParams) {
    const existing = query[key];
    // A repeated parameter stays a list, which a single-valued schema refuses rather than silently picking one.
    query[key] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  if (!bodyMethods.has(c.req.method)) return { params, query };
  const text = await c.req.text();
  if (text.trim() === '') return { params, query };
  try {
    return { params, query, body: JSON.parse(text) };
  } catch {
    return 'malformed';
  }
}
