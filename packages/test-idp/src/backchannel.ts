import type Provider from 'oidc-provider';
import type { MemoryStore } from './memory-store.ts';

/** Whose login to end: every session of a person (accountId is the `sub`), or one session by its `sid`. */
export type LogoutTarget = { readonly accountId: string } | { readonly sid: string };

export interface BackchannelResult {
  /** IdP sessions ended. */
  readonly sessions: number;
  /** Logout tokens delivered (a client that answers other than 200/204 is counted in `failed`). */
  readonly delivered: number;
  readonly failed: number;
}

interface SessionPayload {
  readonly accountId?: string;
  readonly authorizations?: Record<string, { readonly sid?: string }>;
}

/**
 * Ends IdP sessions as if the citizen logged out somewhere else, and posts a logout token (signed by
 * oidc-provider itself) to each client of those sessions that registered a back-channel logout URI.
 */
export async function triggerBackchannelLogout(
  provider: Provider,
  store: MemoryStore,
  target: LogoutTarget,
): Promise<BackchannelResult> {
  let sessions = 0;
  let delivered = 0;
  let failed = 0;
  for (const { id, payload } of store.sessions()) {
    const session = payload as SessionPayload;
    const authorizations = Object.entries(session.authorizations ?? {});
    const matches =
      'accountId' in target
        ? session.accountId === target.accountId
        : authorizations.some(([, authorization]) => authorization.sid === target.sid);
    if (!matches || session.accountId === undefined) continue;
    sessions += 1;
    store.endSession(id);
    for (const [clientId, authorization] of authorizations) {
      const client = await provider.Client.find(clientId);
      if (client?.backchannelLogoutUri === undefined) continue;
      const logout = (client as unknown as { backchannelLogout(sub: string, sid?: string): Promise<void> })
        .backchannelLogout;
      await logout.call(client, session.accountId, authorization.sid).then(
        () => {
          delivered += 1;
        },
        () => {
          failed += 1;
        },
      );
    }
  }
  return { sessions, delivered, failed };
}
