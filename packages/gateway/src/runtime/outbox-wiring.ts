import type { BryggaConfig } from '../config/index.ts';
import { basicChallenge, basicCredentialsCaller } from '../contracts/basic-caller.ts';
import type { ResolveCaller } from '../contracts/caller.ts';
import type { Identity } from '../identity/index.ts';
import type { ResolveReceiptCaller } from '../outbox/routes.ts';

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Who may read receipts: the same credentials as contract calls. An injected caller (tests) wins; with citizen login
 * configured, the gateway's access tokens, limited to the contracts they are scoped to and, for a token of a
 * citizen's login, to that citizen's receipts; else HTTP Basic.
 */
export function receiptCaller(
  config: BryggaConfig,
  identity: Identity | undefined,
  injected: ResolveCaller | undefined,
): { resolveCaller: ResolveReceiptCaller; challenge?: string } {
  if (injected) return { resolveCaller: injected };
  if (identity) {
    return {
      resolveCaller: async (c) => {
        const match = bearer.exec(c.req.header('authorization') ?? '');
        if (match?.[1] === undefined) return undefined;
        const caller = await identity.accessTokens.verify(match[1]);
        const sessionRef = caller.subject?.sessionRef;
        // A token for a citizen's login reads only that citizen's receipts.
        const actsFor =
          sessionRef === undefined ? undefined : ((await identity.citizens(sessionRef)) ?? null);
        return {
          eServiceId: caller.eServiceId,
          contracts: caller.scopes,
          ...(actsFor === undefined ? {} : { actsFor }),
        };
      },
    };
  }
  return { resolveCaller: basicCredentialsCaller(config.eServices), challenge: basicChallenge };
}
