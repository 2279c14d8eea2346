import {
  type Contract,
  type ErrorCase,
  type ErrorCode,
  errorCatalogue,
  personalDataPaths,
  problemContentType,
  problemType,
  type ResolvedOperation,
  type ResolvedVersion,
} from '@brygga/contract';
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ContractEntry, OperationExample } from '../registry.ts';
import { contractsBasePath } from '../routes.ts';

/** An OpenAPI 3.1 document as JSON (what `getOpenAPI31Document` returns, and what is committed). */
export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/** The generic problems every contract call can meet, by status, besides the operation's own error cases. */
const gatewayProblems: readonly ErrorCode[] = [
  'bad_request',
  'malformed_json',
  'version_unknown',
  'unauthenticated',
  'forbidden',
  'version_sunset',
  'validation_failed',
  'bad_gateway',
  'service_unavailable',
  'gateway_timeout',
];

const versionHeaderDoc = {
  description:
    'The contract version this response follows: your e-service’s pinned version, or the one asked for in the Brygga-Version request header.',
  schema: { type: 'string', format: 'date' },
} as const;

const lifecycleHeaderDocs = {
  Deprecation: {
    description:
      'RFC 9745: when this version is (or will be) deprecated, as @epoch-seconds. Sent only for versions with a deprecation date.',
    schema: { type: 'string' },
  },
  Sunset: {
    description:
      'RFC 8594: when this version stops answering (410 Gone after that), as an HTTP date. Sent only for versions with a sunset date.',
    schema: { type: 'string' },
  },
  Link: {
    description: 'Where to read about the deprecation and sunset (rel="deprecation", rel="sunset").',
    schema: { type: 'string' },
  },
} as const;

/**
 * The OpenAPI 3.1 document of one contract version, from its zod schemas through @hono/zod-openapi: one route
 * per operation with the version's examples, a problem response per status (the operation's own error cases and
 * the gateway's), `x-personal-data` on personal fields, and the `Brygga-Version` header.
 *
 * This is the FROZEN part of a version: it holds what the version promises (shapes, texts, examples) and nothing
 * that is decided later (stability, deprecation, sunset, where the gateway runs, how callers authenticate); see
 * {@link servedDocument} for those. Deterministic: the same contract gives the same document.
 */
export function openApiDocument(entry: ContractEntry, versionId: string): OpenApiDocument {
  const { contract } = entry;
  const version = contract.resolve(versionId);
  if (!version) throw new Error(`Contract "${contract.name}" has no version "${versionId}".`);
  const app = new OpenAPIHono();
  const examples = entry.examples?.[version.version] ?? {};
  app.openAPIRegistry.register('Problem', problemSchema);
  for (const operation of version.operations.values()) {
    app.openAPIRegistry.registerPath(route(contract.name, operation, examples[operation.id]));
  }
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: `${contract.title.sv} – ${contract.title.en}`,
      version: version.version,
      description: `${contract.description.sv}\n\n${contract.description.en}`,
      'x-brygga-contract': contract.name,
      'x-brygga-changes': version.changes.map((change) => ({
        id: change.id,
        description: change.description,
        sideEffects: change.sideEffects,
        operations: Object.keys(change.operations),
      })),
    },
    servers: [{ url: `${contractsBasePath}/${contract.name}` }],
  });
}

export interface ServedDocumentOptions {
  /** The gateway's public URL, so "try it" calls reach it; relative when absent. */
  readonly publicUrl?: string | undefined;
}

/**
 * The frozen document plus what may change during a version's life: its stability, deprecation and sunset
 * (`deprecated: true` on every operation once a deprecation date is set), the gateway's address, and how
 * e-services authenticate. This is what the gateway serves.
 */
export function servedDocument(
  frozen: OpenApiDocument,
  contract: Contract,
  version: ResolvedVersion,
  options: ServedDocumentOptions = {},
): OpenApiDocument {
  const deprecated = version.deprecatedAt !== undefined;
  const lifecycle = {
    stability: version.stability,
    ...(version.deprecated === undefined ? {} : { deprecated: version.deprecated }),
    ...(version.sunset === undefined ? {} : { sunset: version.sunset }),
    isHead: version.isHead,
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(frozen.paths ?? {})) {
    const operations: Record<string, unknown> = {};
    for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
      operations[method] =
        deprecated && typeof operation === 'object' && operation !== null
          ? { ...operation, deprecated: true }
          : operation;
    }
    paths[path] = operations;
  }
  const notice = lifecycleNotice(version);
  return {
    ...frozen,
    info: {
      ...frozen.info,
      ...(notice === undefined ? {} : { description: `${notice}\n\n${frozen.info.description ?? ''}` }),
      'x-brygga-lifecycle': lifecycle,
    },
    servers: [{ url: `${options.publicUrl ?? ''}${contractsBasePath}/${contract.name}` }],
    paths,
    components: {
      ...frozen.components,
      securitySchemes: {
        eService: {
          type: 'http',
          scheme: 'basic',
          description:
            'For now: the e-service’s client id and client secret. Access tokens issued by the gateway replace this.',
        },
      },
    },
    security: [{ eService: [] }],
  } as OpenApiDocument;
}

function lifecycleNotice(version: ResolvedVersion): string | undefined {
  if (version.deprecated === undefined) return undefined;
  const sunset =
    version.sunset === undefined
      ? ''
      : ` Den slutar svara ${version.sunset}. It stops answering on ${version.sunset}.`;
  return `**Föråldrad från ${version.deprecated}. Deprecated from ${version.deprecated}.**${sunset}`;
}

function route(
  contract: string,
  operation: ResolvedOperation,
  example: OperationExample | undefined,
): RouteConfig {
  const { params, query, body } = operation.request;
  const description = [operation.summary.sv, operation.description?.sv, operation.description?.en]
    .filter((text) => text !== undefined)
    .join('\n\n');
  return createRoute({
    method: operation.method,
    path: operation.path,
    operationId: operation.id,
    summary: operation.summary.en,
    description,
    'x-summary': operation.summary,
    'x-brygga-since': operation.since,
    'x-brygga-idempotent': operation.idempotent,
    'x-brygga-acts-for-citizen': operation.actsForCitizen,
    'x-brygga-personal-data': {
      ...(body ? { request: personalDataPaths(body) } : {}),
      response: personalDataPaths(operation.response.body),
    },
    'x-brygga-errors': Object.fromEntries(
      Object.entries(operation.errors).map(([code, errorCase]) => [
        code,
        { status: errorCase.status, title: errorCase.title },
      ]),
    ),
    request: {
      headers: requestHeaders(operation),
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(body
        ? {
            body: {
              required: true,
              content: {
                'application/json': {
                  schema: body,
                  ...(example?.request.body === undefined ? {} : { example: example.request.body }),
                },
              },
            },
          }
        : {}),
    },
    responses: {
      [String(operation.response.status)]: {
        description: operation.summary.en,
        headers: { 'Brygga-Version': versionHeaderDoc, ...lifecycleHeaderDocs },
        content: {
          'application/json': {
            schema: operation.response.body,
            ...(example === undefined ? {} : { example: example.response.body }),
          },
        },
      },
      ...problemResponses(contract, operation),
    },
  });
}

function requestHeaders(operation: ResolvedOperation) {
  // @hono/zod-openapi needs header names in lower case.
  return z.object({
    'brygga-version': z.iso
      .date()
      .optional()
      .meta({
        description: `Use ${operation.version} for this document’s shapes. Leave it out to use the version your e-service is pinned to.`,
        example: operation.version,
      }),
    'brygga-purpose': z.string().optional().meta({
      description:
        'The processing activity (purpose id) the call is made for, when not your e-service’s first one.',
    }),
    ...(operation.idempotent && operation.method !== 'get'
      ? {
          'idempotency-key': z
            .string()
            .min(1)
            .max(255)
            .optional()
            .meta({ description: 'Send the same key when you retry, so the effect happens only once.' }),
        }
      : {}),
  });
}

interface ProblemCase {
  readonly code: string;
  readonly title: { readonly sv: string; readonly en: string };
  readonly type: string;
}

function problemResponses(
  contract: string,
  operation: ResolvedOperation,
): Record<string, RouteConfig['responses'][string]> {
  const byStatus = new Map<number, ProblemCase[]>();
  const add = (status: number, problem: ProblemCase) => {
    const list = byStatus.get(status) ?? [];
    list.push(problem);
    byStatus.set(status, list);
  };
  for (const code of gatewayProblems) {
    if (code === 'malformed_json' && operation.request.body === undefined) continue;
    const { status, title } = errorCatalogue[code];
    add(status, { code, title, type: problemType(code) });
  }
  for (const [code, errorCase] of Object.entries(operation.errors) as [string, ErrorCase][]) {
    add(errorCase.status, { code, title: errorCase.title, type: `/reference/${contract}#error-${code}` });
  }
  const responses: Record<string, RouteConfig['responses'][string]> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const cases = byStatus.get(status) ?? [];
    responses[String(status)] = {
      description: cases.map((each) => `\`${each.code}\`: ${each.title.en}`).join(' '),
      headers: { 'Brygga-Version': versionHeaderDoc },
      content: {
        [problemContentType]: {
          schema: { $ref: '#/components/schemas/Problem' },
          examples: Object.fromEntries(
            cases.map((each) => [
              each.code,
              {
                summary: each.title.en,
                value: {
                  type: each.type,
                  title: each.title.sv,
                  status,
                  code: each.code,
                  requestId: '01JDQ5Z7W3X8VYKQ2M4N6P8R0T',
                },
              },
            ]),
          ),
        },
      },
    };
  }
  return responses;
}

// Shared by every problem response; which codes a status carries is in its description and examples.
const problemSchema = z
  .object({
    type: z.string().meta({ description: 'Names the kind of problem; a page that explains it.' }),
    title: z.string().meta({ description: 'Plain language, in the language asked for (Accept-Language).' }),
    status: z.int(),
    detail: z.string().optional(),
    code: z.string().meta({ description: 'Stable: switch on this.' }),
    requestId: z.string().meta({ description: 'Quote it when you ask for help.' }),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'validation_failed: each invalid value, by JSON pointer; never the value.' }),
    supportedVersions: z
      .array(z.string())
      .optional()
      .meta({ description: 'version_unknown and version_sunset: the versions you can use instead.' }),
  })
  .meta({ description: 'An RFC 9457 problem document.' });
