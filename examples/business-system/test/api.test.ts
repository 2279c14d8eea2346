import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { V1Case, V2Case } from '../src/index.ts';
import {
  apiKey,
  personalNumber,
  problemOf,
  type Receiver,
  startReceiver,
  startTestSystem,
  type TestSystem,
} from './helpers.ts';

const tolvan = '191212121212';
const anna = personalNumber('19850709', '123');
const erik = personalNumber('19700101', '456');
const everyPersonalNumber = [tolvan, anna, erik];

const v1Body = (pnr = tolvan, subject = 'Nybyggnad av garage') => ({
  applicantPersonalNumber: `${pnr.slice(0, 8)}-${pnr.slice(8)}`,
  applicantName: 'Tolvan Tolvansson',
  subject,
  description: 'Garage 30 kvm på tomtens norra del.',
  propertyDesignation: 'Sundsvall Norrmalm 1:23',
});

const v2Body = (pnr = anna, extra: Record<string, unknown> = {}) => ({
  applicant: { personalIdentityNumber: pnr, name: 'Anna Andersson' },
  title: 'Tillbyggnad av bostadshus',
  description: 'Tillbyggnad 20 kvm mot söder.',
  propertyDesignation: 'Sundsvall Haga 4:7',
  ...extra,
});

let system: TestSystem;
const receivers: Receiver[] = [];

beforeEach(async () => {
  system = await startTestSystem();
});

afterEach(async () => {
  await system.close();
  for (const receiver of receivers.splice(0)) await receiver.close();
  // Whatever the test did, no personal number may reach the log.
  const logged = JSON.stringify(system.logs);
  for (const pnr of everyPersonalNumber) {
    expect(logged).not.toContain(pnr);
    expect(logged).not.toContain(pnr.slice(2));
  }
});

async function createV1(body = v1Body()): Promise<V1Case> {
  const response = await system.postJson('/api/v1/cases', body);
  expect(response.status).toBe(201);
  return (await response.json()) as V1Case;
}

async function createV2(body: unknown = v2Body()): Promise<V2Case> {
  const response = await system.postJson('/api/v2/cases', body);
  expect(response.status).toBe(201);
  return (await response.json()) as V2Case;
}

async function changeStatus(id: string, status: string, comment?: string): Promise<Response> {
  return system.postJson(
    `/api/v2/cases/${id}/status`,
    comment === undefined ? { status } : { status, comment },
  );
}

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = await problemOf(response);
  expect(problem).toMatchObject({ status, code, type: `/problems/${code.replaceAll('_', '-')}` });
  expect(problem.title).toEqual(expect.any(String));
  expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  for (const pnr of everyPersonalNumber) {
    expect(problem.text).not.toContain(pnr);
    expect(problem.text).not.toContain(pnr.slice(2));
    expect(problem.text).not.toContain(`${pnr.slice(0, 8)}-${pnr.slice(8)}`);
  }
  return problem;
}

describe('health', () => {
  it('answers without an API key', async () => {
    const response = await fetch(`${system.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '0.1.0' });
  });
});

describe('one store, two API versions', () => {
  it('shows a case created via v1 in v2 names, and the same case back in v1', async () => {
    const created = await createV1();
    expect(created).toMatchObject({
      applicantPersonalNumber: tolvan,
      subject: 'Nybyggnad av garage',
      status: 'received',
    });

    const viaV2 = (await (await system.api(`/api/v2/cases/${created.id}`)).json()) as V2Case;
    expect(viaV2).toMatchObject({
      id: created.id,
      applicant: { personalIdentityNumber: tolvan, name: 'Tolvan Tolvansson' },
      title: 'Nybyggnad av garage',
      status: 'submitted',
      callbackUrl: null,
    });
    expect(viaV2).not.toHaveProperty('subject');

    const backViaV1 = await (await system.api(`/api/v1/cases/${created.id}`)).json();
    expect(backViaV1).toEqual(created);
  });

  it('shows a case created via v2 in v1 names', async () => {
    const created = await createV2();
    const response = await system.api(`/api/v1/cases/${created.id}`);
    expect(response.status).toBe(200);
    const viaV1 = (await response.json()) as V1Case;
    expect(viaV1).toMatchObject({
      applicantPersonalNumber: anna,
      applicantName: 'Anna Andersson',
      subject: 'Tillbyggnad av bostadshus',
      status: 'received',
    });
    expect(viaV1).not.toHaveProperty('title');
    expect(viaV1).not.toHaveProperty('callbackUrl');
    expect(viaV1).not.toHaveProperty('statusHistory');
  });

  it('maps every v2 status change onto the v1 status model', async () => {
    const { id } = await createV2();
    const v1Status = async () => ((await (await system.api(`/api/v1/cases/${id}`)).json()) as V1Case).status;
    const steps: [string, string][] = [
      ['under_review', 'in_progress'],
      ['supplement_requested', 'in_progress'],
      ['under_review', 'in_progress'],
      ['approved', 'decided'],
    ];
    for (const [status, expected] of steps) {
      expect((await changeStatus(id, status)).status).toBe(200);
      expect(await v1Status()).toBe(expected);
    }
    const rejectedCase = await createV2();
    await changeStatus(rejectedCase.id, 'rejected', 'Strider mot detaljplanen.');
    const rejected = (await (await system.api(`/api/v1/cases/${rejectedCase.id}`)).json()) as V1Case;
    expect(rejected.status).toBe('decided');
  });

  it('stores and serves attachments', async () => {
    const pdf = Buffer.from('%PDF-1.7 ritning');
    const created = await createV2(
      v2Body(anna, {
        attachments: [
          {
            fileName: 'Fasad (norr).pdf',
            mediaType: 'application/pdf',
            contentBase64: pdf.toString('base64'),
          },
        ],
      }),
    );
    expect(created.attachments).toEqual([
      {
        id: expect.any(String),
        fileName: 'Fasad (norr).pdf',
        mediaType: 'application/pdf',
        sizeBytes: pdf.length,
      },
    ]);
    const response = await system.api(
      `/api/v2/cases/${created.id}/attachments/${created.attachments[0]?.id}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      "attachment; filename*=UTF-8''Fasad%20%28norr%29.pdf",
    );
    expect(Buffer.from(await response.arrayBuffer())).toEqual(pdf);
  });
});

describe('lists and search', () => {
  it('lists newest first across pages with an opaque cursor', async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push((await createV1(v1Body(tolvan, `Ärende ${n}`))).id);
    const seen: string[] = [];
    let path = '/api/v1/cases?limit=2';
    for (;;) {
      const page = (await (await system.api(path)).json()) as { items: V1Case[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      if (page.nextCursor === null) break;
      path = `/api/v1/cases?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by applicant in the search body, in both versions', async () => {
    await createV1(v1Body(tolvan));
    const annas = await createV2(v2Body(anna));
    const decided = await createV2(v2Body(anna));
    await changeStatus(decided.id, 'under_review');
    await changeStatus(decided.id, 'approved');
    await createV2(v2Body(erik));

    const v1 = await system.postJson('/api/v1/cases/search', { applicantPersonalNumber: anna });
    const v1Items = ((await v1.json()) as { items: V1Case[] }).items;
    expect(v1Items.map((item) => item.id).sort()).toEqual([annas.id, decided.id].sort());

    const v1Decided = await system.postJson('/api/v1/cases/search', {
      applicantPersonalNumber: anna,
      status: 'decided',
    });
    expect(((await v1Decided.json()) as { items: V1Case[] }).items.map((item) => item.id)).toEqual([
      decided.id,
    ]);

    const v2 = await system.postJson('/api/v2/cases/search', {
      applicant: { personalIdentityNumber: `${anna.slice(0, 8)}-${anna.slice(8)}` },
      status: 'submitted',
    });
    expect(((await v2.json()) as { items: V2Case[] }).items.map((item) => item.id)).toEqual([annas.id]);
  });

  it('refuses a personal number in the URL query without repeating it', async () => {
    const response = await system.api(`/api/v1/cases?applicantPersonalNumber=${tolvan}`);
    const problem = await expectProblem(response, 400, 'bad_request');
    expect(problem.errors).toEqual([
      expect.objectContaining({ in: 'query', pointer: '', reason: 'unrecognized_keys' }),
    ]);
  });
});

describe('idempotency', () => {
  it('returns the original case for the same key and body, even in another key order', async () => {
    const headers = { 'idempotency-key': 'create-1' };
    const first = await system.postJson('/api/v1/cases', v1Body(), headers);
    expect(first.status).toBe(201);
    const created = (await first.json()) as V1Case;
    expect(first.headers.get('location')).toBe(`/api/v1/cases/${created.id}`);

    const again = await system.postJson('/api/v1/cases', v1Body(), headers);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as V1Case).id).toBe(created.id);

    const reordered = Object.fromEntries(Object.entries(v1Body()).reverse());
    const third = await system.postJson('/api/v1/cases', reordered, headers);
    expect(third.status).toBe(200);
    expect(((await third.json()) as V1Case).id).toBe(created.id);

    const list = (await (await system.api('/api/v1/cases')).json()) as { items: V1Case[] };
    expect(list.items).toHaveLength(1);
  });

  it('refuses the same key with a different body, and creates nothing', async () => {
    const headers = { 'idempotency-key': 'create-2' };
    expect((await system.postJson('/api/v1/cases', v1Body(), headers)).status).toBe(201);
    const conflict = await system.postJson('/api/v1/cases', v1Body(tolvan, 'Något annat'), headers);
    await expectProblem(conflict, 409, 'idempotency_key_reused');
    // The same key on another endpoint is another request too.
    await expectProblem(
      await system.postJson('/api/v2/cases', v2Body(), headers),
      409,
      'idempotency_key_reused',
    );
    const list = (await (await system.api('/api/v1/cases')).json()) as { items: V1Case[] };
    expect(list.items).toHaveLength(1);
  });

  it('refuses a malformed key', async () => {
    const response = await system.postJson('/api/v1/cases', v1Body(), { 'idempotency-key': 'x'.repeat(300) });
    const problem = await expectProblem(response, 400, 'bad_request');
    expect(problem.errors).toEqual([
      expect.objectContaining({ in: 'header', reason: 'invalid_idempotency_key' }),
    ]);
  });
});

describe('authentication', () => {
  it('refuses a missing key with 401 and a Bearer challenge', async () => {
    const response = await fetch(`${system.url}/api/v1/cases`);
    await expectProblem(response, 401, 'unauthenticated');
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="business-system"');
  });

  it('refuses a wrong key, another scheme, and Basic on the API', async () => {
    const basic = `Basic ${Buffer.from(`x:${apiKey}`).toString('base64')}`;
    for (const authorization of [`Bearer ${apiKey}x`, `Token ${apiKey}`, basic, 'Bearer']) {
      const response = await system.api('/api/v2/cases', { headers: { authorization } });
      await expectProblem(response, 401, 'unauthenticated');
    }
  });

  it('refuses before reading the body, so a personal number in an unauthenticated request goes nowhere', async () => {
    const response = await fetch(`${system.url}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(v1Body()),
    });
    await expectProblem(response, 401, 'unauthenticated');
  });
});

describe('status changes', () => {
  it('returns the updated case with its history', async () => {
    const { id } = await createV2();
    await changeStatus(id, 'under_review');
    const response = await changeStatus(id, 'supplement_requested', '  Situationsplan saknas.  ');
    expect(response.status).toBe(200);
    const updated = (await response.json()) as V2Case;
    expect(updated.status).toBe('supplement_requested');
    expect(updated.statusHistory.map((change) => [change.status, change.comment])).toEqual([
      ['submitted', null],
      ['under_review', null],
      ['supplement_requested', 'Situationsplan saknas.'],
    ]);
  });

  it('refuses an invalid transition with 409 and leaves the case unchanged', async () => {
    const { id } = await createV2();
    await expectProblem(await changeStatus(id, 'approved'), 409, 'invalid_status_transition');
    await changeStatus(id, 'under_review');
    await changeStatus(id, 'rejected');
    await expectProblem(await changeStatus(id, 'under_review'), 409, 'invalid_status_transition');
    const current = (await (await system.api(`/api/v2/cases/${id}`)).json()) as V2Case;
    expect(current.status).toBe('rejected');
  });

  it('answers 404 for an unknown case and 422 for an unknown status', async () => {
    await expectProblem(
      await changeStatus('00000000-0000-4000-8000-000000000000', 'under_review'),
      404,
      'not_found',
    );
    const { id } = await createV2();
    const problem = await expectProblem(await changeStatus(id, 'decided'), 422, 'validation_failed');
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: '/status', reason: 'invalid_value' }),
    ]);
  });

  it('is not offered by v1', async () => {
    const { id } = await createV1();
    const response = await system.postJson(`/api/v1/cases/${id}/status`, { status: 'under_review' });
    await expectProblem(response, 404, 'not_found');
  });
});

describe('status callbacks', () => {
  it('POSTs {caseId, status, changedAt} to the callback URL, signed with the API key', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const { id } = await createV2(v2Body(anna, { callbackUrl: receiver.url }));

    const changed = (await (await changeStatus(id, 'under_review')).json()) as V2Case;
    const delivery = await receiver.next();
    delivery.res.writeHead(204).end();

    expect(JSON.parse(delivery.body)).toEqual({
      caseId: id,
      status: 'under_review',
      changedAt: changed.statusHistory.at(-1)?.changedAt,
    });
    const signed = `${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`;
    const signature = createHmac('sha256', apiKey).update(signed).digest('base64');
    expect(delivery.headers['webhook-signature']).toBe(`v1,${signature}`);
    expect(delivery.body).not.toContain(anna);
  });

  it('answers the status change without waiting for the receiver', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const { id } = await createV2(v2Body(anna, { callbackUrl: receiver.url }));

    const delivery = receiver.next();
    const response = await changeStatus(id, 'under_review');
    // The receiver has not answered yet (it answers only below), and the status change is already done.
    expect(response.status).toBe(200);
    const held = await delivery;
    expect(JSON.parse(held.body)).toMatchObject({ caseId: id, status: 'under_review' });
    held.res.writeHead(200).end();
  });

  it('retries a failing receiver, and keeps working when the receiver is unreachable', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const { id } = await createV2(v2Body(anna, { callbackUrl: receiver.url }));
    await changeStatus(id, 'under_review');
    (await receiver.next()).res.writeHead(503).end();
    const retry = await receiver.next();
    retry.res.writeHead(200).end();
    expect(retry.headers['webhook-id']).toBe(receiver.requests[0]?.headers['webhook-id']);

    const unreachable = await startReceiver();
    await unreachable.close();
    const other = await createV2(v2Body(anna, { callbackUrl: unreachable.url }));
    expect((await changeStatus(other.id, 'under_review')).status).toBe(200);
    expect((await fetch(`${system.url}/health`)).status).toBe(200);
  });
});

describe('error paths give problem+json and repeat no personal number', () => {
  it('malformed JSON', async () => {
    const response = await system.api('/api/v1/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"applicantPersonalNumber": "${tolvan}",`,
    });
    await expectProblem(response, 400, 'malformed_json');
  });

  it('validation errors name fields, not values', async () => {
    const wrong = `${tolvan.slice(0, 11)}${(Number(tolvan.at(-1)) + 1) % 10}`;
    const response = await system.postJson('/api/v1/cases', {
      ...v1Body(),
      applicantPersonalNumber: wrong,
      [anna]: 'unknown key',
      subject: '',
    });
    const problem = await expectProblem(response, 422, 'validation_failed');
    expect(problem.text).not.toContain(wrong);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/applicantPersonalNumber', reason: 'invalid_personal_number' }),
        expect.objectContaining({ pointer: '/subject', reason: 'too_small' }),
        expect.objectContaining({ pointer: '', reason: 'unrecognized_keys' }),
      ]),
    );
  });

  it('a body that is JSON but not an object', async () => {
    await expectProblem(await system.postJson('/api/v2/cases', [anna]), 422, 'validation_failed');
  });

  it('404 for an unknown case or path, even with a personal number in the path', async () => {
    await expectProblem(await system.api(`/api/v1/cases/${tolvan}`), 404, 'not_found');
    await expectProblem(await system.api(`/api/v3/cases/${anna}`), 404, 'not_found');
    await expectProblem(await system.api(`/api/v2/cases/x/attachments/${anna}`), 404, 'not_found');
  });

  it('405 with an Allow header', async () => {
    const response = await system.api('/api/v2/cases', { method: 'DELETE' });
    await expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('413 for a body over the limit', async () => {
    const huge = JSON.stringify({ ...v1Body(), description: 'x'.repeat(5 * 1024 * 1024) });
    const response = await system.api('/api/v1/cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    await expectProblem(response, 413, 'payload_too_large');
  });

  it('415 for a body that is not JSON', async () => {
    const response = await system.api('/api/v1/cases', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(v1Body()),
    });
    await expectProblem(response, 415, 'unsupported_media_type');
  });

  it('English titles on request', async () => {
    const response = await system.api('/api/v1/cases/nope', { headers: { 'accept-language': 'en' } });
    const problem = await expectProblem(response, 404, 'not_found');
    expect(problem.title).toBe('What was asked for does not exist.');
    expect(response.headers.get('content-language')).toBe('en');
  });
});

describe("case officer's page", () => {
  const basic = `Basic ${Buffer.from(`handläggare:${apiKey}`).toString('base64')}`;
  const page = (path: string, init: RequestInit = {}) =>
    fetch(`${system.url}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { authorization: basic, ...init.headers },
    });
  const postForm = (id: string, fields: Record<string, string>, origin = system.url) =>
    page(`/cases/${id}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams(fields).toString(),
    });

  it('asks a browser to log in', async () => {
    const response = await fetch(`${system.url}/`);
    await expectProblem(response, 401, 'unauthenticated');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('lists cases with masked personal numbers and a strict security policy', async () => {
    await createV1();
    const response = await page('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('19121212-****');
    expect(html).not.toContain(tolvan);
    expect(html).toContain('<caption>');
  });

  it('changes a status through the form and redirects back', async () => {
    const { id } = await createV2();
    const response = await postForm(id, { status: 'under_review', comment: 'Påbörjad.' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/?changed=1');
    const current = (await (await system.api(`/api/v2/cases/${id}`)).json()) as V2Case;
    expect(current.statusHistory.at(-1)).toMatchObject({ status: 'under_review', comment: 'Påbörjad.' });
    expect(await (await page('/?changed=1')).text()).toContain('role="status"');
  });

  it('explains an invalid change on the page itself', async () => {
    const { id } = await createV2();
    const response = await postForm(id, { status: 'approved' });
    expect(response.status).toBe(409);
    expect(await response.text()).toMatch(/role="alert">\s*<p>Ärendet kan inte få den statusen/);
  });

  it('refuses a form posted from another site', async () => {
    const { id } = await createV2();
    await expectProblem(
      await postForm(id, { status: 'under_review' }, 'https://evil.example'),
      403,
      'forbidden',
    );
    const current = (await (await system.api(`/api/v2/cases/${id}`)).json()) as V2Case;
    expect(current.status).toBe('submitted');
  });
});
