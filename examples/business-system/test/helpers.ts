import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LogFields, type RunningBusinessSystem, startBusinessSystem } from '../src/index.ts';

export const apiKey = 'test-api-key';

/** Test data: a valid 12-digit personal number for a date and a three-digit serial (check digit computed). */
export function personalNumber(yyyymmdd: string, serial: string): string {
  const nine = `${yyyymmdd.slice(2)}${serial}`;
  let sum = 0;
  for (let index = 0; index < 9; index++) {
    let value = Number(nine[index]) * (index % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return `${yyyymmdd}${serial}${(10 - (sum % 10)) % 10}`;
}

export interface TestSystem extends RunningBusinessSystem {
  readonly logs: { event: string; fields?: LogFields | undefined }[];
  /** fetch with the API key and the base URL filled in. */
  api(path: string, init?: RequestInit): Promise<Response>;
  postJson(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function startTestSystem(): Promise<TestSystem> {
  const logs: TestSystem['logs'] = [];
  const system = await startBusinessSystem({
    port: 0,
    apiKey,
    log: (event, fields) => logs.push({ event, fields }),
    webhook: { retryDelaysMs: [5, 5], timeoutMs: 2_000 },
  });
  const api = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${apiKey}`);
    return fetch(`${system.url}${path}`, { ...init, headers });
  };
  return {
    ...system,
    logs,
    api,
    postJson: (path, body, headers = {}) =>
      api(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
  };
}

export interface Receiver {
  readonly url: string;
  readonly requests: { headers: IncomingMessage['headers']; body: string }[];
  /** Resolves with the next request's body and its response, which the test must end. */
  next(): Promise<{ headers: IncomingMessage['headers']; body: string; res: ServerResponse }>;
  close(): Promise<void>;
}

/** A real node:http server standing in for the gateway's callback endpoint. */
export async function startReceiver(): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const waiting: ((value: {
    headers: IncomingMessage['headers'];
    body: string;
    res: ServerResponse;
  }) => void)[] = [];
  const queued: { headers: IncomingMessage['headers']; body: string; res: ServerResponse }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), res };
      requests.push({ headers: entry.headers, body: entry.body });
      const waiter = waiting.shift();
      if (waiter === undefined) queued.push(entry);
      else waiter(entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/brygga/callbacks`,
    requests,
    next: () => {
      const entry = queued.shift();
      return entry === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(entry);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function problemOf(response: Response): Promise<Record<string, unknown> & { text: string }> {
  const text = await response.text();
  return { ...(JSON.parse(text) as Record<string, unknown>), text };
}
