import { BryggaError } from '@brygga/contract';
import { Hono } from 'hono';
import { z } from 'zod';
import type { GatewayEnv } from '../http/index.ts';
import { negotiateLanguage, readJson } from '../http/index.ts';
import type { AuditLog } from './audit-log.ts';
import { describeEntry, type ExtractNames, extractCsv } from './extract-format.ts';
import { bearerToken, findOfficial, type Official } from './officials.ts';
import { normalisePersonnummer } from './personnummer.ts';
import { extractPurposeId } from './purposes.ts';

export interface AuditRoutesOptions {
  readonly audit: AuditLog;
  readonly officials: readonly Official[];
  readonly names: ExtractNames;
}

const date = z.iso.date({ error: 'a date written YYYY-MM-DD, e.g. 2026-01-15' });

/** The body of POST /audit/extract. The personnummer travels here, never in the URL, where it would be logged. */
const extractRequest = z
  .strictObject({
    personnummer: z.string().refine((value) => normalisePersonnummer(value) !== undefined, {
      error: 'a personnummer or samordningsnummer, 10 or 12 digits, e.g. 19850709-9805',
    }),
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
 */
export function auditRoutes(options: AuditRoutesOptions): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  app.post('/audit/extract', async function auditExtract(c) {
    const authorization = c.req.header('authorization');
    const official = findOfficial(options.officials, bearerToken(authorization));
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
      details: { records: entries.length },
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
