import type { VersionId } from '@brygga/contract';
import { type CaseManagement, caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it, vi } from 'vitest';
import { application } from '../../test/support/fixtures.ts';
import type { DeprecationNotice } from '../core/deprecation.ts';
import { createClient } from './create-client.ts';

// The client's requests as fetch sees them, with an injected fetch: no sockets needed for what goes on the wire.

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

function recordingFetch(answer: () => Response = () => Response.json({})) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers)),
      body: init?.body as string | undefined,
    });
    return answer();
  };
  return { sent, fetch };
}

const head = '2026-12-01';

function client<const V extends VersionId<CaseManagement> = typeof head>(
  fetch: typeof globalThis.fetch,
  version: V = head as V,
  extra: Record<string, unknown> = {},
) {
  return createClient({
    gatewayUrl: 'https://brygga.example.se/',
    contract: caseManagement,
    version,
    accessToken: 'at-1',
    fetch,
    onDeprecation: () => {},
    ...extra,
  });
}

describe('what goes on the wire', () => {
  it('POSTs JSON to /api/{contract}/{path} with the pinned version, token, idempotency key and trace', async () => {
    const { sent, fetch } = recordingFetch();
    await client(fetch).createCase({ body: application });
    const [request] = sent;
    expect(request?.url).toBe('https://brygga.example.se/api/case-management/cases');
    expect(request?.method).toBe('POST');
    expect(request?.headers).toMatchObject({
      'brygga-version': head,
      authorization: 'Bearer at-1',
      'content-type': 'application/json',
      accept: 'application/json, application/problem+json',
    });
    expect(request?.headers['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    expect(request?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(JSON.parse(request?.body ?? '')).toEqual(application);
  });

  it('fills path parameters percent-encoded and sends a GET with neither body nor idempotency key', async () => {
    const { sent, fetch } = recordingFetch();
    await client(fetch).getCaseStatus({ params: { caseId: 'BN 2026/1?x' } });
    expect(sent[0]?.url).toBe('https://brygga.example.se/api/case-management/cases/BN%202026%2F1%3Fx/status');
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.body).toBeUndefined();
    expect(sent[0]?.headers['idempotency-key']).toBeUndefined();
    expect(sent[0]?.headers['content-type']).toBeUndefined();
  });

  it('puts the query in the URL and lets a call without required input leave it out', async () => {
    const { sent, fetch } = recordingFetch(() => Response.json({ cases: [], nextCursor: null }));
    const cases = client(fetch);
    await cases.listMyCases({ query: { limit: 5, cursor: 'c/2' } });
    await cases.listMyCases();
    expect(sent.map((request) => request.url)).toEqual([
      'https://brygga.example.se/api/case-management/cases?limit=5&cursor=c%2F2',
      'https://brygga.example.se/api/case-management/cases',
    ]);
  });

  it('propagates a valid traceparent (client-wide or per call) and starts a new trace otherwise', async () => {
    const given = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const perCall = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const { sent, fetch } = recordingFetch();
    await client(fetch, head, { traceparent: () => given }).getCase({ params: { caseId: 'a' } });
    await client(fetch, head, { traceparent: given }).getCase(
      { params: { caseId: 'a' } },
      { traceparent: perCall },
    );
    await client(fetch, head, { traceparent: 'not-a-traceparent' }).getCase({ params: { caseId: 'a' } });
    await client(fetch).getCase({ params: { caseId: 'a' } });
    const [a, b, c, d] = sent.map((request) => request.headers.traceparent);
    expect([a, b]).toEqual([given, perCall]);
    expect(c).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(d).not.toBe(c);
  });

  it('sends client-wide and per-call headers, the call’s winning', async () => {
    const { sent, fetch } = recordingFetch();
    const cases = client(fetch, head, { headers: { 'accept-language': 'en', 'brygga-purpose': 'a' } });
    await cases.getCase({ params: { caseId: 'a' } }, { headers: { 'brygga-purpose': 'b' } });
    expect(sent[0]?.headers).toMatchObject({ 'accept-language': 'en', 'brygga-purpose': 'b' });
  });

  it('replaces, never merges, headers that differ only in case; the SDK’s own headers always win', async () => {
    const { sent, fetch } = recordingFetch();
    const cases = client(fetch, head, {
      headers: { 'Brygga-Version': '2026-01-15', Authorization: 'Bearer other', 'Accept-Language': 'sv' },
    });
    const { response } = await cases.withResponse.createCase(
      { body: application },
      { headers: { 'Idempotency-Key': 'form-1', 'accept-language': 'en', 'Content-Type': 'text/plain' } },
    );
    expect(sent[0]?.headers).toMatchObject({
      'brygga-version': head,
      authorization: 'Bearer at-1',
      'idempotency-key': 'form-1',
      'accept-language': 'en',
      'content-type': 'application/json',
    });
    // The header is the call's key: every attempt carries it, and the response says so.
    expect(response.idempotencyKey).toBe('form-1');
    await cases.submit
      .createCase({ body: application }, { headers: { Prefer: 'return=minimal' } })
      .catch(() => {});
    expect(sent[1]?.headers.prefer).toBe('respond-async');
    // A client-wide Idempotency-Key would give every write the same key: each call gets its own instead.
    const fixed = client(fetch, head, { headers: { 'Idempotency-Key': 'same-for-all' } });
    await fixed.createCase({ body: application });
    await fixed.getCase({ params: { caseId: 'a' } });
    expect(sent[2]?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[3]?.headers['idempotency-key']).toBeUndefined();
  });

  it('refuses a maxRetries or timeoutMs it cannot use, clearly', async () => {
    const { fetch } = recordingFetch();
    for (const maxRetries of [-1, 1.5, 11, Number.NaN]) {
      expect(() => client(fetch, head, { maxRetries })).toThrow(/maxRetries must be an integer from 0 to 10/);
    }
    for (const timeoutMs of [0, -5, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => client(fetch, head, { timeoutMs })).toThrow(/timeoutMs must be a finite number above 0/);
    }
    const cases = client(fetch);
    await expect(cases.getCase({ params: { caseId: 'a' } }, { maxRetries: 100 })).rejects.toThrow(RangeError);
    await expect(cases.getCase({ params: { caseId: 'a' } }, { timeoutMs: 0 })).rejects.toThrow(RangeError);
  });

  it('refuses a parameter that would name another resource', async () => {
    const { sent, fetch } = recordingFetch();
    const cases = client(fetch);
    await cases.getCase({ params: { caseId: '..' } });
    expect(sent[0]?.url).toBe('https://brygga.example.se/api/case-management/cases/%2E%2E');
    // @ts-expect-error a missing parameter fails the typecheck, and at run time too
    await expect(cases.getCase({ params: {} })).rejects.toThrow('The path parameter "caseId" is missing.');
    expect(sent).toHaveLength(1);
  });
});

describe('the pinned version', () => {
  it('refuses a version the contract does not have when the client is created', () => {
    const { fetch } = recordingFetch();
    // @ts-expect-error an unknown version fails the typecheck, and at run time too (for callers without types)
    expect(() => client(fetch, '2025-01-01')).toThrow(/has no version "2025-01-01"/);
  });

  it('uses the operation as it is at the pinned version, and refuses one that did not exist yet', async () => {
    const { sent, fetch } = recordingFetch();
    const oldest = client(fetch, '2026-01-15');
    // @ts-expect-error getCaseStatus is not in the 2026-01-15 client's type; at run time it rejects
    await expect(oldest.getCaseStatus({ params: { caseId: 'a' } })).rejects.toThrow(
      'Operation "getCaseStatus" does not exist at version 2026-01-15 of "case-management"',
    );
    expect(sent).toHaveLength(0);
    await oldest.getCase({ params: { caseId: 'a' } });
    expect(sent[0]?.headers['brygga-version']).toBe('2026-01-15');
  });
});

describe('response metadata', () => {
  it('exposes the request id and version of the last response, and per call with withResponse', async () => {
    let n = 0;
    const { fetch } = recordingFetch(
      () =>
        new Response('{"caseId":"a"}', { headers: { 'x-request-id': `r${++n}`, 'brygga-version': head } }),
    );
    const cases = client(fetch);
    expect(cases.lastResponse).toBeUndefined();
    const { data, response } = await cases.withResponse.getCaseStatus({ params: { caseId: 'a' } });
    expect(data).toEqual({ caseId: 'a' });
    expect(response).toMatchObject({ requestId: 'r1', version: head, status: 200, retries: 0 });
    await cases.getCase({ params: { caseId: 'a' } });
    expect(cases.lastResponse?.requestId).toBe('r2');
    expect(Object.keys(cases).sort()).toEqual(['createCase', 'getCase', 'getCaseStatus', 'listMyCases']);
  });

  it('gives undefined for an empty success body', async () => {
    const { fetch } = recordingFetch(() => new Response(null, { status: 204 }));
    await expect(client(fetch).getCase({ params: { caseId: 'a' } })).resolves.toBeUndefined();
  });
});

describe('deprecation notices', () => {
  const lifecycle = {
    deprecation: '@1790812800',
    sunset: 'Thu, 01 Apr 2027 00:00:00 GMT',
    link: '</reference/case-management#v2026-01-15>; rel="deprecation"; type="text/html", </reference/case-management#v2026-01-15>; rel="sunset"; type="text/html"',
    'brygga-version': '2026-01-15',
  };

  it('reports Deprecation, Sunset and Link once per contract version, also on failed calls', async () => {
    const notices: DeprecationNotice[] = [];
    const onDeprecation = (notice: DeprecationNotice) => notices.push(notice);
    const { fetch } = recordingFetch(() => Response.json({}, { headers: lifecycle }));
    const failing = recordingFetch(() =>
      Response.json({ code: 'case_not_found' }, { status: 404, headers: lifecycle }),
    );
    const first = client(failing.fetch, '2026-01-15', { onDeprecation });
    await expect(first.getCase({ params: { caseId: 'a' } })).rejects.toThrow();
    const second = client(fetch, '2026-01-15', { onDeprecation });
    await second.getCase({ params: { caseId: 'a' } });
    await second.getCase({ params: { caseId: 'a' } });
    expect(notices).toEqual([
      {
        contract: 'case-management',
        version: '2026-01-15',
        deprecatedAt: new Date('2026-10-01T00:00:00Z'),
        sunsetAt: new Date('2027-04-01T00:00:00Z'),
        link: '/reference/case-management#v2026-01-15',
      },
    ]);
  });

  it('keeps a success, and does not send a write again, when the listener throws; the error is reported', async () => {
    const { sent, fetch } = recordingFetch(() =>
      Response.json({ caseId: 'a' }, { status: 201, headers: lifecycle }),
    );
    const reported: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((...args) => {
      reported.push(...args);
    });
    try {
      const listenerError = new Error('listener broke');
      const cases = client(fetch, '2026-01-15', {
        onDeprecation: () => {
          throw listenerError;
        },
        sleep: async () => {},
      });
      const { data, response } = await cases.withResponse.createCase({ body: application } as never);
      expect(data).toEqual({ caseId: 'a' });
      expect(response.retries).toBe(0);
      expect(sent).toHaveLength(1);
      expect(reported).toContain(listenerError);
    } finally {
      warn.mockRestore();
    }
  });

  it('says nothing for a version with no lifecycle headers', async () => {
    const notices: DeprecationNotice[] = [];
    const { fetch } = recordingFetch();
    await client(fetch, head, { onDeprecation: (n: DeprecationNotice) => notices.push(n) }).getCase({
      params: { caseId: 'a' },
    });
    expect(notices).toEqual([]);
  });
});
