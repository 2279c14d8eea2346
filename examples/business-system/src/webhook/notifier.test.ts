import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogFields } from '../log.ts';
import { createWebhookNotifier } from './notifier.ts';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A real HTTP receiver; `answer` decides each response by the attempt number (1-based). */
async function receiver(answer: (attempt: number, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(received.length, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks?token=secret-token`,
    received,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function capture() {
  const lines: { event: string; fields?: LogFields | undefined }[] = [];
  return { lines, log: (event: string, fields?: LogFields) => lines.push({ event, fields }) };
}

const event = { caseId: 'case-1', status: 'approved' as const, changedAt: '2026-05-01T12:00:00.000Z' };

describe('webhook notifier', () => {
  it('delivers the event with a signature the receiver can verify', async () => {
    const target = await receiver((_, res) => res.writeHead(204).end());
    const { lines, log } = capture();
    const notifier = createWebhookNotifier({ secret: 'shared-secret', retryDelaysMs: [], log });
    cleanups.push(() => notifier.close());

    notifier.notify(target.url, event);
    await notifier.idle();

    expect(target.received).toHaveLength(1);
    const [delivery] = target.received;
    expect(JSON.parse(delivery?.body ?? '')).toEqual(event);
    const id = String(delivery?.headers['webhook-id']);
    const timestamp = String(delivery?.headers['webhook-timestamp']);
    const expected = createHmac('sha256', 'shared-secret')
      .update(`${id}.${timestamp}.${delivery?.body}`)
      .digest('base64');
    expect(delivery?.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(lines.map((line) => line.event)).toEqual(['webhook_delivered']);
    // The callback URL's query holds a token: only the origin may be logged.
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('retries after server errors with the same webhook id, then succeeds', async () => {
    const target = await receiver((attempt, res) => res.writeHead(attempt < 3 ? 503 : 200).end());
    const { lines, log } = capture();
    const notifier = createWebhookNotifier({ secret: 's', retryDelaysMs: [1, 1, 1], log });
    cleanups.push(() => notifier.close());

    notifier.notify(target.url, event);
    await notifier.idle();

    expect(target.received).toHaveLength(3);
    expect(new Set(target.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(lines).toEqual([{ event: 'webhook_delivered', fields: expect.objectContaining({ attempts: 3 }) }]);
  });

  it('gives up at once on a client error, which a retry would not fix', async () => {
    const target = await receiver((_, res) => res.writeHead(410).end());
    const { lines, log } = capture();
    const notifier = createWebhookNotifier({ secret: 's', retryDelaysMs: [1, 1, 1], log });
    cleanups.push(() => notifier.close());

    notifier.notify(target.url, event);
    await notifier.idle();

    expect(target.received).toHaveLength(1);
    expect(lines).toEqual([
      { event: 'webhook_failed', fields: expect.objectContaining({ attempts: 1, last: '410' }) },
    ]);
  });

  it('does not follow redirects', async () => {
    const elsewhere = await receiver((_, res) => res.writeHead(200).end());
    const target = await receiver((_, res) => res.writeHead(307, { location: elsewhere.url }).end());
    const notifier = createWebhookNotifier({ secret: 's', retryDelaysMs: [] });
    cleanups.push(() => notifier.close());

    notifier.notify(target.url, event);
    await notifier.idle();

    expect(target.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it('survives an unreachable receiver: retries, then logs the failure without throwing', async () => {
    const gone = await receiver((_, res) => res.end());
    const { url } = gone;
    await cleanups.pop()?.(); // close it, so the port refuses connections
    const { lines, log } = capture();
    const notifier = createWebhookNotifier({ secret: 's', retryDelaysMs: [1, 1], log });
    cleanups.push(() => notifier.close());

    expect(() => notifier.notify(url, event)).not.toThrow();
    await notifier.idle();

    expect(lines).toEqual([
      { event: 'webhook_failed', fields: expect.objectContaining({ attempts: 3, stopped: false }) },
    ]);
  });

  it('stops waiting to retry when closed, and drops later notifications', async () => {
    const target = await receiver((_, res) => res.writeHead(503).end());
    const { lines, log } = capture();
    // A retry an hour away: only close() can end this delivery within the test.
    const notifier = createWebhookNotifier({ secret: 's', retryDelaysMs: [3_600_000], log });

    notifier.notify(target.url, event);
    while (target.received.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await notifier.close();
    notifier.notify(target.url, event);

    expect(target.received).toHaveLength(1);
    expect(lines).toEqual([
      { event: 'webhook_failed', fields: expect.objectContaining({ attempts: 1, stopped: true }) },
      { event: 'webhook_dropped', fields: { caseId: 'case-1' } },
    ]);
  });
});
