import type { Hono } from 'hono';
import { toV1Case, v1CreateCaseSchema, v1SearchSchema, v1SearchToQuery, v1ToNewCase } from '../api/v1.ts';
import type { CaseService } from '../service/case-service.ts';
import { caseRoutes } from './case-routes.ts';
import type { AppEnv } from './env.ts';

/** API v1, mounted at `/api/v1`. Read and create only: status changes arrived with v2. */
export function casesV1(service: CaseService): Hono<AppEnv> {
  return caseRoutes(service, {
    createSchema: v1CreateCaseSchema,
    toNewCase: v1ToNewCase,
    toView: toV1Case,
    searchSchema: v1SearchSchema,
    searchToQuery: v1SearchToQuery,
  });
}
