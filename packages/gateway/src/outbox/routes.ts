import { BryggaError } from '@brygga/contract';
import { type Context, Hono } from 'hono';
import type { GatewayEnv } from '../http/env.ts';
import type { Queryable } from '../storage/index.ts';
import { isReceiptId, receiptBody, retryAfterSeconds } from './plan.ts';
import type { OutboxSealer } from './seal.ts';
import { findReceipt } from './sql.ts';

/** Who reads a receipt. */
export interface ReceiptCaller {
  readonly eServiceId: string;
  /** When its credentials are scoped to contracts (access tokens): those contracts. */
  readonly contracts?: readonly string[];
  /**
   * Credentials bound to a citizen's login (an access token for a session): the personnummer of that login, or
   * null when the session has ended. Absent for the e-service's own credentials (its backend), which see all
   * its receipts.
   */
  readonly actsFor?: string | null;
}

/** The caller, or undefined when the credentials are missing or wrong (401). */
export type ResolveReceiptCaller = (
  c: Context<GatewayEnv>,
) => ReceiptCaller | undefined | Promise<ReceiptCaller | undefined>;

export interface ReceiptRoutesOptions {
  readonly db: Queryable;
  /** Opens the stored result of a delivered receipt. */
  readonly sealer: OutboxSealer;
  readonly resolveCaller: ResolveReceiptCaller;
  readonly challenge?: string | undefined;
  readonly now?: () => number;
  /** `outbox.keepReceiptsDays`, named in the 404's detail. */
  readonly keepReceiptsDays?: number | undefined;
}

/**
 * Whether a caller may see a receipt as far as its citizen goes: a receipt of a call for a citizen is shown to the
 * e-service's own credentials and to tokens of that citizen's login, never to another citizen's (nor to a token
 * whose login has ended, which can no longer say whose it is).
 */
function sameCitizen(
  sealer: OutboxSealer,
  citizenRef: string | null,
  actsFor: string | null | undefined,
): boolean {
  if (citizenRef === null || actsFor === undefined) return true;
  return actsFor !== null && sealer.matches('citizen', actsFor, citizenRef) === true;
}

/**
 * `GET /receipts/{receiptId}`: the status of a submission accepted into the outbox, for the e-service that made
 * it. Anyone else gets the same 404 as for an id that does not exist, so receipts cannot be probed.
 */
export function receiptRoutes(options: ReceiptRoutesOptions): Hono<GatewayEnv> {
  const now = options.now ?? Date.now;
  const days = options.keepReceiptsDays ?? 30;
  // The same words for a deleted receipt, another e-service's, and one that never was: nothing can be probed.
  const notFoundDetail = `Kvittot finns inte. Kvitton på ansökningar som har kommit fram eller avvisats tas bort efter ${days} dagar. The receipt does not exist. Receipts of submissions that were delivered or refused are deleted after ${days} days.`;
  const app = new Hono<GatewayEnv>();
  app.get('/receipts/:receiptId', async (c) => {
    const caller = await options.resolveCaller(c);
    if (!caller) {
      throw new BryggaError('unauthenticated', {
        headers: options.challenge ? { 'WWW-Authenticate': options.challenge } : {},
      });
    }
    const receiptId = c.req.param('receiptId');
    const row = isReceiptId(receiptId) ? await findReceipt(options.db, receiptId) : undefined;
    if (
      !row ||
      row.eServiceId !== caller.eServiceId ||
      (caller.contracts !== undefined && !caller.contracts.includes(row.contract)) ||
      !sameCitizen(options.sealer, row.citizenRef, caller.actsFor)
    ) {
      throw new BryggaError('not_found', { detail: notFoundDetail });
    }
    const retryAfter = retryAfterSeconds(row, now());
    // A result that does not open (its key dropped) is left out rather than failing the whole receipt.
    const result =
      row.result === null ? null : (options.sealer.open(row.receiptId, 'result', row.result) ?? null);
    return c.json(receiptBody({ ...row, result }), 200, {
      'Brygga-Version': row.version,
      'Cache-Control': 'no-store',
      ...(retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }),
    });
  });
  return app;
}
