import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { EServiceConfig } from '../../config/index.ts';
import type { LoginAudit } from '../audit-events.ts';
import type { EServiceDirectory } from '../e-services.ts';
import type { SessionStore } from '../sessions/session-store.ts';

/** The Swedish OIDC profile's scope for the personnummer, and the claim it gives. */
export const naturalPersonNumberScope = 'https://id.oidc.se/scope/naturalPersonNumber';
export const personalIdentityNumberClaim = 'https://id.oidc.se/claim/personalIdentityNumber';

/** The e-service's declared need of the personnummer (purpose and reason), if it has one. */
export function personnummerNeed(eService: EServiceConfig | undefined) {
  return eService?.identity?.personalIdentityNumber;
}

/** The OpenID scopes an e-service may ask for: `openid`, and the personnummer's scope only when it declared the need. */
export function allowedOidcScopes(eService: EServiceConfig): string {
  return personnummerNeed(eService) === undefined ? 'openid' : `openid ${naturalPersonNumberScope}`;
}

export interface PersonnummerReleaseOptions {
  readonly eServices: EServiceDirectory;
  readonly sessions: SessionStore;
  readonly audit: Pick<LoginAudit, 'released'>;
}

/**
 * What oidc-provider's `claims()` adds for an ID token: the personnummer, only for an e-service that declared
 * the need, only when this token's request asked for it (the scope, or the claim in `claims`), and only once its
 * release is durably in the audit log; a log that cannot write fails the token request (fail closed). Read from
 * the gateway's session behind the login (the code's `sessionUid`), never from anything the e-service sent.
 */
export function personnummerRelease(options: PersonnummerReleaseOptions) {
  return async (
    ctx: KoaContextWithOIDC,
    token: unknown,
    scope: string,
    requested: Record<string, unknown> | undefined,
    rejected: readonly string[],
  ): Promise<Record<string, string>> => {
    const eService =
      ctx.oidc.client === undefined ? undefined : options.eServices.byClientId(ctx.oidc.client.clientId);
    const need = personnummerNeed(eService);
    if (eService === undefined || need === undefined) return {};
    const asked =
      scope.split(' ').includes(naturalPersonNumberScope) ||
      (requested !== undefined && personalIdentityNumberClaim in requested);
    if (!asked || rejected.includes(personalIdentityNumberClaim)) return {};
    const sessionUid = (token as { sessionUid?: unknown } | undefined)?.sessionUid;
    const current =
      typeof sessionUid === 'string' ? await options.sessions.forOpSession(sessionUid) : undefined;
    if (current?.verdict !== 'active') throw new errors.InvalidGrant('the login session has ended');
    const number = await options.sessions.identityNumber(current.ref);
    if (number === undefined) throw new errors.InvalidGrant('the login session has ended');
    const requestId = ctx.get('x-request-id');
    await options.audit.released({
      number,
      eService: eService.id,
      purpose: need.purpose,
      requestId: /^[\w.:-]{1,128}$/.test(requestId) ? requestId : undefined,
    });
    return { [personalIdentityNumberClaim]: number };
  };
}
