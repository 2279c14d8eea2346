import { randomFillSync } from 'node:crypto';
import { containsPersonnummer } from '../../../log/scrub.ts';

/** The W3C Trace Context (https://www.w3.org/TR/trace-context/) of one request as the gateway handles it. */
export interface TraceContext {
  /** 32 lowercase hex digits, shared by every hop of the trace. */
  readonly traceId: string;
  /** 16 lowercase hex digits: this gateway's span for the request. */
  readonly spanId: string;
  /** The caller's span, when the trace was continued. */
  readonly parentId: string | undefined;
  readonly sampled: boolean;
}

export interface ParsedTraceparent {
  readonly traceId: string;
  readonly parentId: string;
  readonly sampled: boolean;
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * Parses a `traceparent` header strictly: version 00 only, lowercase hex, non-zero trace and parent ids.
 * Anything else (including several headers joined by a comma) is `undefined`: start a new trace. Pure.
 */
export function parseTraceparent(header: string | null | undefined): ParsedTraceparent | undefined {
  if (!header) return undefined;
  const match = traceparentPattern.exec(header.trim());
  if (!match) return undefined;
  const [, traceId = '', parentId = '', flags = '00'] = match;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  return { traceId, parentId, sampled: (Number.parseInt(flags, 16) & 0x01) === 1 };
}

/** Formats the `traceparent` this gateway sends on: our span becomes the next hop's parent. Pure. */
export function formatTraceparent(trace: Pick<TraceContext, 'traceId' | 'spanId' | 'sampled'>): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? '01' : '00'}`;
}

/**
 * Random lowercase hex of `bytes` bytes, never all zeros and never containing a personnummer-shaped run of
 * digits: the log scrubber would mask such an id and break correlation (about 1 in 20 trace ids otherwise).
 */
export function randomHexId(bytes: 8 | 16): string {
  for (;;) {
    if (randomOffset + bytes > randomPool.length) {
      randomFillSync(randomPool);
      randomOffset = 0;
    }
    const id = randomPool.toString('hex', randomOffset, randomOffset + bytes);
    randomOffset += bytes;
    if (!/^0+$/.test(id) && !containsPersonnummer(id)) return id;
  }
}

// Random bytes drawn 4 KiB at a time and each used once, as Node does for randomUUID: a call into the CSPRNG per
// id (two per request) cost more than the rest of the trace-context middleware.
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;
