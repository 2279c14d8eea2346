/**
 * The example e-service "Ansök om bygglov / Apply for a building permit", built only on @brygga/sdk: citizen
 * login through the gateway, an application form, submission to case management, the case's status, logout.
 */

export { createEServiceApp, type EServiceAppOptions } from './app.ts';
export {
  type Application,
  type Bilingual,
  emptyForm,
  type FieldName,
  type FieldProblem,
  type FormValues,
  fieldNames,
  formValues,
  validateApplication,
} from './application/form.ts';
export type { CasesClientSettings } from './gateway/cases.ts';
export { type GatewayLogin, loggedOutState, sdkGatewayLogin } from './gateway/login.ts';
export type { Log, LogFields } from './log.ts';
export {
  defaultContractVersion,
  type EServiceOptions,
  type RunningEService,
  startEService,
} from './server.ts';
export { type Session, SessionStore, type SessionStoreOptions } from './session/store.ts';
