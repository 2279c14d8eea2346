/**
 * @brygga/test-idp: a local BankID stand-in speaking the Swedish OIDC profile, for development, tests and
 * vendors. It logs anyone in as any test person. Never for production.
 */

export { type AcrChoice, type AcrRequest, acrChoice, readAcrRequest } from './acr.ts';
export type { BackchannelResult, LogoutTarget } from './backchannel.ts';
export { type ClaimUse, type PersonClaimsInput, personClaims } from './claims.ts';
export { type CollectStep, collectMessage, collectSteps } from './collect.ts';
export {
  type EvilCase,
  evilAcr,
  evilCases,
  evilIdTokenClaims,
  evilIssuer,
  evilUserinfo,
  isEvilCase,
  toCoordinationNumber,
} from './evil.ts';
export {
  ageOn,
  displayForm,
  type IdentityNumber,
  type NumberKind,
  type ParseResult,
  parseIdentityNumber,
} from './identity-number.ts';
export { retiredKeyTtlMs } from './key-ring.ts';
export {
  type Device,
  type FailureOutcome,
  failureMessage,
  failureOutcomes,
  isSimulatedFailure,
  type Message,
  type RfaCode,
  rfa,
  type SimulatedFailure,
  simulatedFailures,
} from './messages.ts';
export {
  type CoordinationNumberLevel,
  defaultTestPersons,
  type KnownPerson,
  type TestPerson,
  toKnownPerson,
} from './persons.ts';
export { assertNotProduction, RefusedInProductionError } from './production-guard.ts';
export {
  bankIdAmr,
  type ClaimStyle,
  claimNames,
  claimStyles,
  defaultAcr,
  idTokenTtlSeconds,
  isClaimStyle,
  type Loa,
  loa,
  scopes,
  supportedAcrValues,
} from './profile.ts';
export type { ClientMetadata } from './provider.ts';
export { qrFrame } from './qr.ts';
export { startTestIdp, type TestIdp, type TestIdpOptions, type TokenRequestSeen } from './server.ts';
export { deriveSubject } from './subject.ts';
