import { BryggaError } from '@brygga/contract';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { GatewayEnv } from '../http/index.ts';
import { negotiateLanguage, readJson } from '../http/index.ts';
import { type RateLimitRule, rateLimit } from '../http/middleware/rate-limit/index.ts';
import { containsPersonnummer } from '../log/index.ts';
import type { AuditLog } from './audit-log.ts';
import { describeEntry, type ExtractNames, extractCsv } from './extract-format.ts';
import { bearerToken, findOfficial, type Official } from './officials.ts';
import { normalisePersonnummer } from './personnummer.ts';
import { extractPurposeId } from './purposes.ts';

export interface AuditRoutesOptions {
  readonly audit: AuditLog;
  readonly officials: readonly Official[];
  readonly names: ExtractNames;
  /** How many extracts each official may ask for; default `defaultExtractRateLimit`. */
  readonly rateLimit?: RateLimitRule;
  /** Epoch milliseconds, for the rate limit; injected in tests. */
  readonly now?: () => number;
}

/**
 * 30 extracts a minute per official, per gateway instance: ample for casework, and a brake on a leaked token
 * being used to walk through the population.
 */
export const defaultExtractRateLimit: RateLimitRule = { burst: 30, perMinute: 30 };

/** The most characters a reason may have: what the audit record's details hold in one text. */
const maxReasonLength = 256;

/**
 * Why the official asks, e.g. a case number: stored in the extract's audit record, so it must be plain text
 * and must not hold a personnummer (the record refuses one, and the person is the record's subject already).
 * Checked here so such a reason is a 422 naming the field, never an internal error or an echo of the value.
 */
const reason = z
  .string()
  .trim()
  .min(1)
  .max(maxReasonLength)
  .refine((value) => !/[\p{Cc}\p{Surrogate}]/u.test(value), {
    error: 'plain text on one line, without control characters, e.g. "begäran om registerutdrag 2026-123"',
  })
  .refine((value) => !containsPersonnummer(value), {
    error:
      'a reason without a personnummer (the person is already named by the personnummer field), e.g. a case number',
  });

const date = z.iso.date({ error: 'a date written YYYY-MM-DD, e.g. 2026-01-15' });

/** The body of POST /audit/extract. The personnummer travels here, never in the URL, where it would be logged. */
const extractRequest = z
  .strictObject({
    personnummer: z.string().refine((value) => normalisePersonnummer(value) !== undefined, {
      error: 'a personnummer or samordningsnummer, 10 or 12 digits, e.g. 19850709-9805',
    }),
    reason,
    from: date.optional(),
    to: date.optional(),
  })
  .refine((body) => body.from === undefined || body.to === undefined || body.from <= body.to, {
    error: 'a from date on or before the to date',
    path: ['to'],
  });

const challenge = 'Bearer realm="brygga-audit"';

/**
 * `POST /audit/extract`: an official's extract of everything the log holds about one person (GDPR Art. 15),
 * as JSON or, with `Accept: text/csv`, as CSV. Needs a staff bearer token from `audit.officials`. The
 * extract is itself recorded (actor: the official, subject: the person) and the answer waits until that
 * record is durable: if it cannot be written, the extract is refused with 503, never handed out unlogged.
 * The request must say why (`reason`, e.g. a case number), which is recorded with the range asked for; each
 * official may make `rateLimit` extracts (default 30 a minute) before being answered 429.
 */
export function auditRoutes(options: AuditRoutesOptions): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  // The limit and the handler both need the official: found once per request.
  const found = new WeakMap<Context<GatewayEnv>, Official | undefined>();
  const officialOf = (c: Context<GatewayEnv>): Official | undefined => {
    if (!found.has(c))
      found.set(c, findOfficial(options.officials, bearerToken(c.req.header('authorization'))));
    return found.get(c);
  };
  const limit = rateLimit({
    ...(options.now === undefined ? {} : { now: options.now }),
    // Keyed by configured officials only: a request with no valid token is not counted here, and answered 401.
    limits: [{ rule: options.rateLimit ?? defaultExtractRateLimit, keyOf: (c) => officialOf(c)?.id }],
  });
  app.post('/audit/extract', limit, async function auditExtract(c) {
    const authorization = c.req.header('authorization');
    const official = officialOf(c);
    if (official === undefined) {
      const presented = (authorization ?? '').trim() !== '';
      throw new BryggaError('unauthenticated', {
        detail: 'An extract needs the bearer token of an official listed under audit.officials.',
        headers: { 'WWW-Authenticate': presented ? `${challenge}, error="invalid_token"` : challenge },
      });
    }
    const body = await readJson(c, extractRequest);
    const entries = await options.audit.extract(body.personnummer, { from: body.from, to: body.to });
    await options.audit.append({
      actor: { kind: 'official', id: official.id },
      subject: { personnummer: body.personnummer },
      operation: 'audit.extract',
      purpose: extractPurposeId,
      outcome: { status: 'success' },
      requestId: c.get('requestId'),
      traceId: c.get('trace')?.traceId ?? null,
      // Primitives only, never personal data: the reason was checked above, and a date holds no personnummer.
      details: {
        records: entries.length,
        reason: body.reason,
        ...(body.from === undefined ? {} : { from: body.from }),
        ...(body.to === undefined ? {} : { to: body.to }),
      },
    });
    c.header('Cache-Control', 'no-store');
    const language = negotiateLanguage(c.req.header('accept-language'));
    if (wantsCsv(c.req.header('accept'))) {
      c.header('Content-Disposition', 'attachment; filename="registerutdrag.csv"');
      return c.body(extractCsv(entries, options.names, language), 200, {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
      });
    }
    return c.json({
      records: entries.map((entry) => describeEntry(entry, options.names)),
      count: entries.length,
      from: body.from ?? null,
      to: body.to ?? null,
    });
  });
  return app;
}

/** CSV when the client asks for it ahead of JSON; JSON otherwise (and for * / *). */
function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  let csv = -1;
  let json = -1;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';');
    const q = Number(/q\s*=\s*([\d.]+)/.exec(params.join(';'))?.[1] ?? 1);
    const type = range.trim().toLowerCase();
    if (type === 'text/csv') csv = Math.max(csv, q);
    if (type === 'application/json') json = Math.max(json, q);
  }
  return csv > 0 && csv >= json;
}
