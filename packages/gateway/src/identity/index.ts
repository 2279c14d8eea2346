/**
 * Citizen login with BankID (and other Swedish e-identifications) over OpenID Connect: the gateway is a relying
 * party to identity providers and an OpenID Provider to e-services, which get a pairwise `sub` and never the
 * personnummer; the gateway's APIs check the access tokens it issued and resolve the citizen server-side.
 *
 *     const identity = await createIdentity({ config, store, logger });
 *     app.route('/', identity.routes);
 *     api.get('/cases', identity.requireAccessToken(['case-management']), async (c) => {
 *       const personnummer = await resolveCitizen(c); // for the business-system call only
 *     });
 */
export {
  type AccessTokenEnv,
  type CitizenResolver,
  type RequireAccessTokenOptions,
  requireAccessToken,
  resolveCitizen,
} from './access-token/middleware.ts';
export {
  AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  type Caller,
} from './access-token/verifier.ts';
export {
  type AuditAppender,
  type LoginAudit,
  type LoginEvent,
  loginAudit,
  loginRecord,
  logoutRecord,
} from './audit-events.ts';
export { identityConfigured, identityContentTypes } from './content-types.ts';
export { logoutCallbackPath } from './downstream/koa-hooks.ts';
export { providerMountPath } from './downstream/mount.ts';
export {
  checkIdentityNumber,
  type IdentityNumberKind,
  type IdentityNumberResult,
  readIdentityNumber,
} from './identity-number.ts';
export { LoginFailure, type LoginFailureKind, type LoginFailureReason } from './login-failure.ts';
export { backchannelLogoutPath, upstreamCallbackPath } from './routes/login.ts';
export { apiAudienceOf, createIdentity, type Identity, type IdentityOptions } from './runtime.ts';
export { citizenRef, pairwiseSubject } from './subjects.ts';
