import {
  type AdapterContext,
  type HeadRequest,
  OperationError,
  type OperationHandler,
} from '@brygga/contract';
import type { CaseManagement, CaseOperationId } from '@brygga/contract-case-management';
import type { z } from 'zod';
import type { ApiDialect, BusinessCase } from './business/business-case.ts';
import { citizenOf } from './citizen.ts';
import { BusinessSystemError } from './errors.ts';
import {
  type BusinessClient,
  type BusinessRequest,
  type BusinessResponse,
  unexpectedResponse,
} from './http/business-client.ts';
import { businessIdempotencyKey } from './idempotency.ts';
import { toHeadCase, toHeadStatus, toHeadSummary, toNewApplication } from './mapping/head.ts';

// The gateway has validated and migrated every request to head before a handler runs, so the casts below only
// name the type it already has.
type Request<Id extends CaseOperationId> = HeadRequest<CaseManagement, Id>;

/**
 * The head operations, written once against an {@link ApiDialect}: moving the business system from API v1 to v2
 * changes the dialect, not these.
 */
export function caseManagementHandlers(
  client: BusinessClient,
  dialect: ApiDialect,
): Readonly<Record<CaseOperationId, OperationHandler>> {
  const casesRoute = `${dialect.prefix}/cases`;

  /** A case of the logged-in citizen; anyone else's is `case_not_found`, so its existence is not revealed. */
  async function ownCase(
    caseId: string,
    context: AdapterContext,
    operationId: string,
  ): Promise<BusinessCase> {
    const citizen = citizenOf(context, operationId);
    const request: BusinessRequest = {
      method: 'GET',
      route: `${casesRoute}/{id}`,
      path: `${casesRoute}/${encodeURIComponent(caseId)}`,
      context,
    };
    const response = await client.call(request);
    if (response.status === 404) throw new OperationError('case_not_found');
    if (response.status !== 200) throw unexpectedResponse(request, response);
    const found = read(dialect.caseSchema, request, response);
    if (found.personalIdentityNumber !== citizen) throw new OperationError('case_not_found');
    return found;
  }

  return {
    async createCase(raw, context) {
      const { body } = raw as Request<'createCase'>;
      // The applicant is who logged in: the head request has no personnummer, the context does.
      const citizen = citizenOf(context, 'createCase');
      const request: BusinessRequest = {
        method: 'POST',
        route: casesRoute,
        path: casesRoute,
        body: dialect.createBody(toNewApplication(body, citizen)),
        context,
        idempotencyKey:
          context.idempotencyKey === undefined
            ? undefined
            : businessIdempotencyKey(context.eServiceId, context.idempotencyKey),
      };
      const response = await client.call(request);
      // 200 is a replay of the same application under the same key: the e-service sees the original answer.
      if (response.status === 201 || response.status === 200) {
        return {
          body: toHeadCase(ownOnly(read(dialect.caseSchema, request, response), citizen, request, response)),
        };
      }
      if (response.status === 409 && response.problemCode === 'idempotency_key_reused') {
        throw new OperationError('duplicate_submission');
      }
      throw unexpectedResponse(request, response);
    },

    async getCase(raw, context) {
      const { params } = raw as Request<'getCase'>;
      return { body: toHeadCase(await ownCase(params.caseId, context, 'getCase')) };
    },

    async getCaseStatus(raw, context) {
      const { params } = raw as Request<'getCaseStatus'>;
      return { body: toHeadStatus(await ownCase(params.caseId, context, 'getCaseStatus')) };
    },

    async listMyCases(raw, context) {
      const { query } = raw as Request<'listMyCases'>;
      const citizen = citizenOf(context, 'listMyCases');
      const request: BusinessRequest = {
        method: 'POST',
        route: `${casesRoute}/search`,
        path: `${casesRoute}/search`,
        body: dialect.searchBody(citizen, query.limit, query.cursor),
        context,
        // A read: a POST only to keep the personnummer out of the URL, so retried like a GET.
        idempotent: true,
      };
      const response = await client.call(request);
      if ((response.status === 400 || response.status === 422) && namesField(response, '/cursor')) {
        throw new OperationError('invalid_cursor');
      }
      if (response.status !== 200) throw unexpectedResponse(request, response);
      const page = read(dialect.pageSchema, request, response);
      for (const item of page.items) ownOnly(item, citizen, request, response, 'items');
      return { body: { cases: page.items.map(toHeadSummary), nextCursor: page.nextCursor } };
    },
  };
}

/**
 * The case, if it is the citizen's own. Older contract versions show the applicant's personnummer as the
 * login's (the case must be the citizen's), so a created, replayed or listed case of anyone else is a
 * business-system fault, never passed on. (getCase hides another's case as case_not_found instead.)
 */
function ownOnly(
  found: BusinessCase,
  citizen: string,
  request: BusinessRequest,
  response: BusinessResponse,
  where = 'applicant',
): BusinessCase {
  if (found.personalIdentityNumber === citizen) return found;
  throw new BusinessSystemError('bad_response', request, {
    upstreamStatus: response.status,
    upstreamRequestId: response.requestId,
    issues: [`${where}: a case of another applicant`],
  });
}

/** Parses a business response body; a shape the adapter cannot read is the business system's fault. */
function read<T>(schema: z.ZodType<T>, request: BusinessRequest, response: BusinessResponse): T {
  const result = schema.safeParse(response.json);
  if (result.success) return result.data;
  throw new BusinessSystemError('bad_response', request, {
    upstreamStatus: response.status,
    upstreamRequestId: response.requestId,
    // Paths and codes only: zod's messages can quote the input.
    issues: result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`),
  });
}

/** Whether a business problem document lists the field at `pointer` among its invalid fields. */
function namesField(response: BusinessResponse, pointer: string): boolean {
  const errors = (response.json as { errors?: unknown } | undefined)?.errors;
  return (
    Array.isArray(errors) && errors.some((error) => (error as { pointer?: unknown })?.pointer === pointer)
  );
}
