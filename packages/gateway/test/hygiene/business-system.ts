import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A careless business system speaking the example system's API v2 (what the case-management adapter calls):
 * it answers normally, or, when told, with errors that quote a personnummer in their body, their problem code
 * and their headers, the way real systems echo what they were sent. For the hygiene test only.
 */
export type BusinessMode =
  | 'normal'
  /** 500 with the number in the body and in `x-request-id`. */
  | 'server-error'
  /** 409 whose problem `code` is the number. */
  | 'conflict'
  /** 409 the adapter reads as the declared `duplicate_submission`, its title and detail quoting the number. */
  | 'duplicate'
  /** 422 naming the number as an invalid field, with the number as the pointer too. */
  | 'rejected'
  /** 200 that is not JSON, quoting the number. */
  | 'not-json'
  /** 200 JSON of the wrong shape, with the number in the fields the adapter reads. */
  | 'wrong-shape'
  /** A case (or search hit) of another person, whose number is the careless one's. */
  | 'someone-else';

export interface CarelessBusinessSystem {
  readonly url: string;
  readonly apiKey: string;
  mode: BusinessMode;
  /** The number the system quotes. */
  leak: string;
  /** Whose case `c-own` is. */
  readonly citizen: string;
  close(): Promise<void>;
}

export async function startCarelessBusinessSystem(
  leak: string,
  citizen: string,
): Promise<CarelessBusinessSystem> {
  const apiKey = 'business-api-key-0123456789abcdef';
  const state: CarelessBusinessSystem = {
    url: '',
    apiKey,
    mode: 'normal',
    leak,
    citizen,
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    void handle(state, request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function businessCase(id: string, applicant: string) {
  const at = '2026-11-27T10:00:00.000Z';
  return {
    id,
    applicant: { personalIdentityNumber: applicant, name: 'Tolvan Tolvansson' },
    title: 'Altan',
    description: 'Typ av ansökan: bygglov\n\nEn altan.',
    propertyDesignation: 'UPPSALA KÅBO 5:12',
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
  };
}

async function handle(
  system: CarelessBusinessSystem,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  const leak = system.leak;
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    response
      .writeHead(status, { 'content-type': 'application/json', 'x-request-id': `bs-${leak}`, ...headers })
      .end(JSON.stringify(body));
  };
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path === '/health') return json(200, { status: 'ok' });
  const body = text === '' ? {} : (JSON.parse(text) as { applicant?: { personalIdentityNumber?: string } });
  const applicant = body.applicant?.personalIdentityNumber ?? leak;
  switch (system.mode) {
    case 'server-error':
      return json(500, {
        type: 'about:blank',
        title: `Database error for ${leak}`,
        detail: `INSERT failed: duplicate key (personal_identity_number)=(${leak})`,
        instance: `/cases/${leak}`,
      });
    case 'conflict':
      return json(409, { title: 'Conflict', code: leak, detail: `already filed for ${leak}` });
    case 'duplicate':
      return json(409, {
        title: `Already filed for ${leak}`,
        code: 'idempotency_key_reused',
        detail: `A case for ${leak} was filed with this key.`,
      });
    case 'rejected':
      return json(422, {
        title: `Invalid ${leak}`,
        code: 'validation_failed',
        errors: [{ pointer: `/${leak}`, detail: `${leak} is not allowed` }],
      });
    case 'not-json':
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK ${leak}`);
      return;
    case 'wrong-shape':
      return json(200, { id: 42, applicant: { personalIdentityNumber: leak }, status: leak, items: leak });
    case 'someone-else':
      if (path.endsWith('/search')) {
        return json(200, { items: [businessCase('c-1', leak)], nextCursor: null });
      }
      return json(200, businessCase('c-1', leak));
    case 'normal':
      break;
  }
  if (request.method === 'POST' && path === '/api/v2/cases') {
    return json(201, businessCase('c-own', applicant));
  }
  if (request.method === 'POST' && path === '/api/v2/cases/search') {
    return json(200, { items: [businessCase('c-own', applicant)], nextCursor: null });
  }
  if (request.method === 'GET' && path === '/api/v2/cases/c-own') {
    return json(200, businessCase('c-own', system.citizen));
  }
  if (request.method === 'GET' && path.startsWith('/api/v2/cases/')) {
    return json(404, { title: 'Not found', detail: `no case ${decodeURIComponent(path)} for ${leak}` });
  }
  return json(404, { title: 'Not found' });
}
