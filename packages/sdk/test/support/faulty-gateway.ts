import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fake gateway answers one request. */
export type Step =
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang' }
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      /** An object is sent as JSON; a string as it is (for malformed bodies). */
      readonly body?: unknown;
    };

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FaultyGateway {
  readonly url: string;
  readonly received: Received[];
  /** Answers the next requests with these steps, in order; requests beyond them get a 500 saying so. */
  script(...steps: Step[]): void;
  close(): Promise<void>;
}

export const drop: Step = { kind: 'drop' };
export const hang: Step = { kind: 'hang' };

export function respond(status: number, body?: unknown, headers?: Record<string, string>): Step {
  return { kind: 'respond', status, body, headers };
}

/** A problem document as the gateway sends it, with its request id in the body and in `X-Request-Id`. */
export function problem(
  status: number,
  code: string,
  requestId: string,
  extra: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): Step {
  return respond(
    status,
    { type: `/problems/${code}`, title: `Title of ${code}.`, status, code, requestId, ...extra.extensions },
    { 'content-type': 'application/problem+json', 'x-request-id': requestId, ...extra.headers },
  );
}

/**
 * A real node:http server on 127.0.0.1, port 0, that fails the way stripe-node expects gateways to fail: it drops
 * connections, hangs, sends malformed bodies and error statuses, following a script, and records what it got.
 */
export async function startFaultyGateway(): Promise<FaultyGateway> {
  const received: Received[] = [];
  let steps: Step[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const step = steps.shift() ?? respond(500, 'the test script has no step for this request');
      if (step.kind === 'drop') {
        request.socket.destroy();
      } else if (step.kind === 'respond') {
        const isText = typeof step.body === 'string';
        const payload = step.body === undefined ? '' : isText ? String(step.body) : JSON.stringify(step.body);
        response.writeHead(step.status, {
          'content-type': isText ? 'text/plain' : 'application/json',
          ...step.headers,
        });
        response.end(payload);
      }
      // 'hang': never answer; the client's timeout ends it and close() destroys the socket.
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(...next) {
      steps = next;
      received.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
