import { BryggaError } from '@brygga/contract';
import type { Context } from 'hono';
import type { AuditLog } from '../audit/index.ts';
import { contractCallRecord } from '../contracts/audit-record.ts';
import type { Caller as ContractCaller, ResolveCaller, ResolveCitizen } from '../contracts/caller.ts';
import type { ProcessedCall } from '../contracts/routes.ts';
import type { GatewayEnv } from '../http/env.ts';
import type { Caller as TokenCaller } from '../identity/access-token/verifier.ts';
import type { Identity } from '../identity/index.ts';

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Contract callers from the gateway's own access tokens: the token names the e-service, its scopes must cover the
 * contract called, and a citizen is resolved server-side from the login session the token refers to. Replaces the
 * HTTP Basic fallback whenever citizen login is configured.
 */
export function accessTokenCallers(identity: Identity): {
  resolveCaller: ResolveCaller;
  resolveCitizen: ResolveCitizen;
} {
  // The verified token of each request, for resolveCitizen later in the same request.
  const verified = new WeakMap<Context<GatewayEnv>, TokenCaller>();
  return {
    async resolveCaller(c): Promise<ContractCaller | undefined> {
      const match = bearer.exec(c.req.header('authorization') ?? '');
      if (match?.[1] === undefined) return undefined;
      const caller = await identity.accessTokens.verify(match[1]);
      const contract = c.req.param('contract');
      if (contract === undefined || !caller.scopes.includes(contract)) {
        throw new BryggaError('forbidden', {
          detail:
            'Åtkomsttoken gäller inte det här kontraktet. The access token does not cover this contract.',
          headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${contract ?? ''}"` },
        });
      }
      verified.set(c, caller);
      return { eServiceId: caller.eServiceId };
    },
    async resolveCitizen(c) {
      const sessionRef = verified.get(c)?.subject?.sessionRef;
      if (sessionRef === undefined) return undefined;
      const personalIdentityNumber = await identity.citizens(sessionRef);
      return personalIdentityNumber === undefined ? undefined : { personalIdentityNumber };
    },
  };
}

/**
 * One audit record per contract call that processed personal data: calls for a citizen, and calls whose operation
 * carries fields marked as personal data. `append` resolves once the record is durable and rejects with a 503 when
 * it cannot be written, so the caller never gets data that was not logged.
 */
export function auditContractCalls(audit: AuditLog): (call: ProcessedCall) => Promise<void> {
  return async (call) => {
    if (call.citizen === undefined && !call.touchesPersonalData) return;
    await audit.append(
      contractCallRecord({ ...call, personnummer: call.citizen?.personalIdentityNumber }, call.outcome),
    );
  };
}
