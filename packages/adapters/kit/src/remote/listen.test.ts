// listenAdapter on node:http, spoken to over a raw socket: the request target alone decides the path, never the
// Host header, and a target that is not a path is refused plainly.
import { connect } from 'node:net';
import type { Adapter } from '@brygga/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenAdapter, type RunningAdapterService } from './listen.ts';

const adapter: Adapter = {
  contract: 'case-management',
  contractVersion: '2026-12-01',
  handlers: { getCase: async () => ({ body: {} }) },
};

let service: RunningAdapterService;
beforeAll(async () => {
  service = await listenAdapter(adapter);
});
afterAll(() => service.close());

/** Sends `head` as is and reads the whole answer (the request asks the server to close). */
function raw(head: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(service.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [line = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(line.split(' ')[1]), body: rest.join('\r\n\r\n') });
    });
    socket.end(`${head}\r\nConnection: close\r\n\r\n`);
  });
}

describe('listenAdapter', () => {
  it('serves the protocol from the request target', async () => {
    const answer = await raw('GET /brygga-adapter/v1/manifest HTTP/1.1\r\nHost: a');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ protocol: 'brygga-adapter/v1' });
  });

  it('does not let the Host header add to the path', async () => {
    const answer = await raw('GET /zzz HTTP/1.1\r\nHost: a/brygga-adapter/v1/manifest?');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('is not upset by a Host header that is no host', async () => {
    const answer = await raw('GET /brygga-adapter/v1/manifest HTTP/1.1\r\nHost: a b');
    expect(answer.status).toBe(200);
  });

  it.each([
    ['an absolute URL', 'GET http://x/brygga-adapter/v1/manifest HTTP/1.1\r\nHost: a'],
    ['an asterisk', 'OPTIONS * HTTP/1.1\r\nHost: a'],
  ])('refuses %s as the request target with 400', async (_, head) => {
    const answer = await raw(head);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'invalid_request_target', message: expect.any(String) },
    });
  });
});
