/**
 * The example business system: a small building-permit case system with its own HTTP API (v1 and v2 side
 * by side), its own SQLite store and a case officer's page. Brygga integrates with it as it would with a
 * vendor's system.
 */
export type { V1Case, V1CreateCase, V1Search } from './api/v1.ts';
export type { V2Case, V2CreateCase, V2Search, V2StatusChange, V2StatusChangeRequest } from './api/v2.ts';
export type { CaseRecord } from './domain/case.ts';
export {
  type CaseStatus,
  canTransition,
  caseStatuses,
  nextStatuses,
  statusToV1,
  type V1Status,
  v1Statuses,
} from './domain/status.ts';
export { type ProblemCode, problemCatalogue } from './http/problem.ts';
export type { Log, LogFields } from './log.ts';
export {
  type BusinessSystemOptions,
  devApiKey,
  type RunningBusinessSystem,
  startBusinessSystem,
} from './server.ts';
export type { StatusEvent } from './service/case-service.ts';
