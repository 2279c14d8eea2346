import type { Logger } from 'pino';
import { loginPurposeId } from '../audit/purposes.ts';
import type { AuditOutcome, AuditRecordInput } from '../audit/record.ts';
import type { SessionEnd } from './sessions/session-store.ts';

/** The one thing citizen login needs of the audit log (an `AuditLog` fits). */
export interface AuditAppender {
  /** Resolves once the record is durable; rejects when it cannot be written. */
  append(input: AuditRecordInput): Promise<unknown>;
}

/** A login that got as far as a validated personnummer (or samordningsnummer). */
export interface LoginEvent {
  /** 12 digits, as the identity provider vouched for it after every check passed. */
  readonly number: string;
  /** The e-service the citizen was logging in to, when known. */
  readonly eService: string | undefined;
  readonly providerId: string;
  /** `failure` with the login failure reason when the login could not be completed after all. */
  readonly outcome: AuditOutcome;
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
}

export const loginOperation = 'login';
export const logoutOperation = 'logout';
/** The gateway's identity component, as the actor of what it does on its own (refusing, ending a login). */
export const identityActor = { kind: 'system', id: 'brygga-identity' } as const;

/** A login the gateway refused before it had a validated personnummer: nobody to file it under. */
export interface RejectedLogin {
  /** The stable reason code (`LoginFailureReason`). */
  readonly reason: string;
  readonly eService: string | undefined;
  readonly providerId: string | undefined;
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
}

/**
 * The record of a login: the citizen acted, about themselves, towards the e-service. A login refused before
 * the number was validated has no record here: there is no person to file it under, and storing an invalid
 * number would keep data that identifies no one correctly (the application log has the refusal). Pure.
 */
export function loginRecord(event: LoginEvent): AuditRecordInput {
  return {
    actor: { kind: 'citizen' },
    subject: { personnummer: event.number },
    eService: event.eService ?? null,
    operation: loginOperation,
    purpose: loginPurposeId,
    outcome: event.outcome,
    requestId: event.requestId ?? null,
    traceId: event.traceId ?? null,
    details: { identityProvider: event.providerId },
  };
}

/**
 * The record of a refused login: the gateway (a system actor) refused it, about no one (`subject: null`), since
 * whatever number the provider sent was not established as a person's (an invalid one is never kept). Pure.
 */
export function rejectedLoginRecord(event: RejectedLogin): AuditRecordInput {
  return {
    actor: identityActor,
    subject: null,
    eService: event.eService ?? null,
    operation: loginOperation,
    purpose: loginPurposeId,
    outcome: { status: 'failure', problem: event.reason },
    requestId: event.requestId ?? null,
    traceId: event.traceId ?? null,
    details: event.providerId === undefined ? null : { identityProvider: event.providerId },
  };
}

/** The personnummer handed to an e-service in its ID token, for the purpose it declared. */
export interface PersonnummerRelease {
  readonly number: string;
  readonly eService: string;
  /** The purpose the e-service's registration declares (`identity.personalIdentityNumber.purpose`). */
  readonly purpose: string;
  readonly requestId: string | undefined;
}

export const releasePersonnummerOperation = 'release-personnummer';

/**
 * The record of a release: the gateway (a system actor) gave the citizen's personnummer to the e-service, under
 * the purpose the e-service declared for it. Filed under the citizen (the log keeps only its keyed reference). Pure.
 */
export function releaseRecord(event: PersonnummerRelease): AuditRecordInput {
  return {
    actor: identityActor,
    subject: { personnummer: event.number },
    eService: event.eService,
    operation: releasePersonnummerOperation,
    purpose: event.purpose,
    dataCategories: ['personnummer'],
    outcome: { status: 'success' },
    requestId: event.requestId ?? null,
  };
}

/**
 * The record of a login that ended. The citizen is the actor when they logged out (directly or by logging in
 * again in the same browser); otherwise the gateway ended it (`system`): a timeout, or the identity provider's
 * back-channel logout. `reason` says which. Pure.
 */
export function logoutRecord(end: SessionEnd): AuditRecordInput {
  const byCitizen = end.reason === 'logout' || end.reason === 'replaced' || end.reason === 'account_changed';
  return {
    actor: byCitizen ? { kind: 'citizen' } : identityActor,
    subject: { personnummer: end.number },
    eService: end.eService ?? null,
    operation: logoutOperation,
    purpose: loginPurposeId,
    outcome: { status: 'success' },
    details: { reason: end.reason, identityProvider: end.providerId },
  };
}

/** Login and logout, as the identity routes and the session store report them. */
export interface LoginAudit {
  /** Resolves once the record is durable; rejects when it cannot be: the login must then not complete. */
  login(event: LoginEvent): Promise<void>;
  /**
   * Records a refused login. Never rejects: the citizen sees the error page whether or not the log took the
   * record (a failure is an error line for the operators).
   */
  rejected(event: RejectedLogin): Promise<void>;
  /** Resolves once the release is durable; rejects when it cannot be: the token must then not be issued. */
  released(event: PersonnummerRelease): Promise<void>;
  /**
   * Records ended sessions. Never rejects: a logout must happen even when the log cannot take its record
   * (keeping the citizen logged in would be worse), so a failure is an error line for the operators.
   */
  sessionsEnded(ended: readonly SessionEnd[]): Promise<void>;
}

export function loginAudit(audit: AuditAppender, logger: Logger): LoginAudit {
  const log = logger.child({ component: 'identity' });
  return {
    async login(event) {
      await audit.append(loginRecord(event));
    },
    async released(event) {
      await audit.append(releaseRecord(event));
    },
    async rejected(event) {
      try {
        await audit.append(rejectedLoginRecord(event));
      } catch (error) {
        log.error({ err: error, reason: event.reason }, 'audit record of a refused login not written');
      }
    },
    async sessionsEnded(ended) {
      const results = await Promise.allSettled(ended.map((end) => audit.append(logoutRecord(end))));
      for (const [index, result] of results.entries()) {
        if (result.status === 'fulfilled') continue;
        log.error(
          { err: result.reason, reason: ended[index]?.reason },
          'a login ended but its audit record could not be written',
        );
      }
    },
  };
}
