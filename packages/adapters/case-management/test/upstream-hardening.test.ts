import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDispatcher } from '@brygga/adapter-kit';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { BusinessSystemError, createAdapter, createCaseManagementAdapter } from '../src/index.ts';
import {
  caseIdRequest,
  contextFor,
  expectNoPersonalNumber,
  headRequest,
  rejectionOf,
  renderError,
  tolvan,
} from './support.ts';

// What a misbehaving business system sends that the adapter must not pass on: a body without end, text in its
// problem code or request id, and a read the adapter must retry although it travels as a POST.

const origin = 'http://business-system.test';
const caseId = 'BN-2026-000001';
const json = { 'content-type': 'application/json' };

async function businessError(promise: Promise<unknown>): Promise<BusinessSystemError> {
  const error = await rejectionOf(promise);
  if (!BusinessSystemError.is(error)) throw new Error(`expected a BusinessSystemError, got ${String(error)}`);
  expectNoPersonalNumber(renderError(error));
  return error;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  cleanups.push(() => agent.close());
  return agent;
}

describe('the size of a business-system body', () => {
  it('is capped: a larger body is a bad_response that quotes nothing of it', async () => {
    const agent = mockAgent();
    const body = JSON.stringify({ code: 'x', padding: `${tolvan} `.repeat(400) });
    agent
      .get(origin)
      .intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' })
      .reply(500, body, {
        headers: { ...json, 'x-request-id': 'upstream-7' },
      });
    const adapter = createCaseManagementAdapter({
      baseUrl: origin,
      apiKey: 'secret-key',
      apiVersion: 'v2',
      dispatcher: agent,
      maxResponseBytes: 1024,
    });
    const error = await businessError(adapter.handlers.getCase(caseIdRequest(caseId), contextFor(tolvan)));
    expect([error.code, error.status, error.upstreamStatus, error.upstreamRequestId]).toEqual([
      'bad_response',
      502,
      500,
      'upstream-7',
    ]);
    expect(error.issues).toEqual(['(body): too_big']);
    expect(renderError(error)).not.toContain('padding');
  });

  it('reads a body up to the cap as before', async () => {
    const agent = mockAgent();
    agent
      .get(origin)
      .intercept({ path: '/health', method: 'GET' })
      .reply(200, JSON.stringify({ status: 'ok' }), { headers: json });
    const adapter = createCaseManagementAdapter({
      baseUrl: origin,
      apiKey: 'secret-key',
      apiVersion: 'v2',
      dispatcher: agent,
      maxResponseBytes: 15,
    });
    await expect(adapter.ready(new AbortController().signal)).resolves.toBeUndefined();
  });

  it('is checked for a sane limit', () => {
    expect(() =>
      createCaseManagementAdapter({ baseUrl: origin, apiKey: 'k', apiVersion: 'v2', maxResponseBytes: 0 }),
    ).toThrow(/maxResponseBytes/);
  });
});

describe("the business system's problem code and request id", () => {
  it('are kept only when they are short plain tokens', async () => {
    const agent = mockAgent();
    const pool = agent.get(origin);
    const problem = (code: string, requestId: string) =>
      pool
        .intercept({ path: `/api/v2/cases/${caseId}`, method: 'GET' })
        .reply(500, JSON.stringify({ code }), {
          headers: { 'content-type': 'application/problem+json', 'x-request-id': requestId },
        });
    const adapter = createCaseManagementAdapter({
      baseUrl: origin,
      apiKey: 'secret-key',
      apiVersion: 'v2',
      dispatcher: agent,
    });
    const call = () => businessError(adapter.handlers.getCase(caseIdRequest(caseId), contextFor(tolvan)));

    problem(`no case for ${tolvan}\nretry later`, `req ${tolvan.slice(2)}`);
    const tainted = await call();
    expect([tainted.code, tainted.upstreamCode, tainted.upstreamRequestId]).toEqual([
      'unavailable',
      undefined,
      undefined,
    ]);

    // Shaped like a token, but a personnummer all the same.
    problem(tolvan, `${tolvan.slice(2, 8)}-${tolvan.slice(8)}`);
    const numbers = await call();
    expect([numbers.upstreamCode, numbers.upstreamRequestId]).toEqual([undefined, undefined]);

    problem('x'.repeat(65), 'y'.repeat(65));
    const long = await call();
    expect([long.upstreamCode, long.upstreamRequestId]).toEqual([undefined, undefined]);

    problem('storage_unavailable', 'upstream-1:a.b');
    const plain = await call();
    expect([plain.upstreamCode, plain.upstreamRequestId]).toEqual(['storage_unavailable', 'upstream-1:a.b']);
  });

  it('are also checked when an error is built directly', () => {
    const error = new BusinessSystemError(
      'rejected',
      { method: 'GET', route: '/x' },
      { upstreamCode: `a\n${tolvan}`, upstreamRequestId: 'ok-1' },
    );
    expect([error.upstreamCode, error.upstreamRequestId]).toEqual([undefined, 'ok-1']);
  });
});

describe('listMyCases, a read sent as a POST', () => {
  async function listen(server: Server): Promise<string> {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(
      () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('is retried through the gateway entry after a 503', async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        seen.push(`${request.method} ${request.url} ${body === '' ? 'empty' : 'body'}`);
        if (seen.length === 1) {
          response.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '0' });
          response.end(JSON.stringify({ code: 'busy' }));
          return;
        }
        const item = {
          id: caseId,
          applicant: { personalIdentityNumber: tolvan, name: 'Tolvan Tolvansson' },
          title: 'Rivning av förråd',
          description: 'Typ av ansökan: rivningslov\n\nFörrådet rivs.',
          propertyDesignation: 'UPPSALA KÅBO 5:12',
          status: 'under_review',
          createdAt: '2026-11-20T09:30:00.000Z',
          updatedAt: '2026-11-21T10:00:00+01:00',
        };
        response.writeHead(200, json);
        response.end(JSON.stringify({ items: [item], nextCursor: null }));
      });
    });
    const baseUrl = await listen(server);
    const adapter = createAdapter({
      id: 'arendehantering',
      baseUrl,
      credentials: { type: 'apiKey', key: 'k' },
    });
    cleanups.push(() => adapter.close());

    const { body } = await adapter.handlers.listMyCases(
      headRequest('listMyCases', { query: { limit: 5 } }),
      contextFor(tolvan),
    );
    expect((body as { cases: { caseId: string }[] }).cases.map((found) => found.caseId)).toEqual([caseId]);
    expect(seen).toEqual(['POST /api/v2/cases/search body', 'POST /api/v2/cases/search body']);
  });
});

describe('an open circuit breaker', () => {
  it('is unavailable (503, try later), not unreachable: nothing was sent', async () => {
    const transport = createDispatcher({
      breaker: { name: 'arendehantering' },
      retry: false,
      timeout: false,
    });
    cleanups.push(() => transport.close());
    transport.breaker?.breaker.open();
    const adapter = createCaseManagementAdapter({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'secret-key',
      apiVersion: 'v2',
      dispatcher: transport.dispatcher,
    });
    const error = await businessError(adapter.handlers.getCase(caseIdRequest(caseId), contextFor(tolvan)));
    expect([error.code, error.status, error.upstreamStatus]).toEqual(['unavailable', 503, undefined]);
    expect((error.cause as { code?: unknown }).code).toBe('BRYGGA_CIRCUIT_OPEN');
  });
});
