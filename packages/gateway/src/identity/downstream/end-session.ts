import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { OidcStoreAdapter } from './oidc-adapter.ts';

interface LogoutCapableClient {
  readonly backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string | undefined): Promise<void>;
}

/**
 * Ends a citizen's OpenID Provider session from the server side (a back-channel logout from the identity
 * provider; not a timeout, which ends only the gateway's session): tells every e-service that registered a
 * back-channel logout address (a logout token with its pairwise `sub` and `sid`), revokes the grants, and
 * destroys the session. An e-service that does not answer is logged and skipped: the session ends regardless.
 */
export async function endProviderSession(
  provider: Provider,
  adapter: OidcStoreAdapter,
  opSessionUid: string,
  logger: Logger,
): Promise<void> {
  const session = await provider.Session.findByUid(opSessionUid);
  if (session === undefined) return;
  const accountId = session.accountId;
  const authorizations = session.authorizations ?? {};
  await Promise.all(
    Object.entries(authorizations).map(async ([clientId, authorization]) => {
      const client = (await provider.Client.find(clientId).catch(() => undefined)) as unknown as
        | LogoutCapableClient
        | undefined;
      if (client?.backchannelLogoutUri !== undefined && accountId !== undefined) {
        await client.backchannelLogout(accountId, authorization.sid).catch((error: unknown) => {
          logger.warn(
            { component: 'identity', reason: 'backchannel_out_failed', errorName: (error as Error)?.name },
            'an e-service did not accept a back-channel logout',
          );
        });
      }
      const grantId = authorization.grantId;
      if (typeof grantId === 'string') {
        await adapter.factory('Grant').revokeByGrantId(grantId);
        await adapter.factory('Grant').destroy(grantId);
      }
    }),
  );
  await session.destroy();
}
