// End to end over real sockets: the gateway's contract runtime (mountContracts: Basic-authenticated e-services
// from the configuration, usage recorded in SQLite) in front of an in-memory business system written for the
// head only. E-services pinned to different versions use it at the same time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import type { BryggaConfig } from '../config/index.ts';
import { fixtureEnv } from '../config/test-fixtures.ts';
import { createApp } from '../http/app.ts';
import { type RunningServer, startServer } from '../server/index.ts';
import { gatewayMigrations, migrate, openStore, type Store } from '../storage/index.ts';
import { basicAuthorization, contractsConfig } from './fixtures.test-support.ts';
import { memoryCaseSystem } from './memory-adapter.test-support.ts';
import { type ContractsRuntime, mountContracts } from './mount.ts';
import { readUsage } from './usage/store.ts';

const secrets = {
  OLD_SECRET: 'old-service-secret-0123456789abcdef0123',
  NEW_SECRET: 'new-service-secret-0123456789abcdef0123',
};
const citizen = '198112189876';

function config(dir: string): BryggaConfig {
  return contractsConfig(
    {
      eServices: [
        { id: 'old-service', version: '2026-01-15', secretEnv: 'OLD_SECRET' },
        { id: 'new-service', version: '2026-12-01', secretEnv: 'NEW_SECRET' },
      ],
    },
    { filePath: join(dir, 'brygga.config.yaml'), env: { ...fixtureEnv, ...secrets } },
  );
}

let dir: string;
let store: Store;
let server: RunningServer;
let runtime: ContractsRuntime;
let now = Date.parse('2026-11-25T12:00:00Z');
const system = memoryCaseSystem();
const logs = captureLogs('info');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-contracts-e2e-'));
  store = await openStore({ driver: 'sqlite', path: join(dir, 'brygga.db') });
  await migrate(store, gatewayMigrations);
  const app = createApp({ logger: logs.logger });
  runtime = await mountContracts(app, {
    config: config(dir),
    store,
    logger: logs.logger,
    adapters: (businessSystem) =>
      businessSystem === 'arende' ? { adapter: system.adapter, timeoutMs: 5_000 } : undefined,
    // Citizen sessions are another module's; here the e-service's login is taken as given.
    resolveCitizen: () => ({ personalIdentityNumber: citizen }),
    now: () => now,
  });
  server = await startServer({ app, port: 0, logger: logs.logger });
});

afterAll(async () => {
  await server?.close('test over');
  await runtime?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function call(
  eService: 'old-service' | 'new-service',
  method: string,
  path: string,
  options: { body?: unknown; version?: string } = {},
) {
  const secret = eService === 'old-service' ? secrets.OLD_SECRET : secrets.NEW_SECRET;
  return fetch(`${server.url}/api/case-management${path}`, {
    method,
    headers: {
      authorization: basicAuthorization(eService, secret),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.version === undefined ? {} : { 'brygga-version': options.version }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

describe('two e-services on different versions, one business system on the head', () => {
  let oldCaseId = '';

  it('lets the e-service pinned at 2026-01-15 create a case with its old field names and get an old-shaped case', async () => {
    const res = await call('old-service', 'POST', '/cases', {
      body: {
        subject: 'Tillbyggnad av enbostadshus',
        description: 'Tillbyggnad om 25 kvadratmeter.',
        propertyDesignation: 'UPPSALA KÅBO 5:12',
        applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('brygga-version')).toBe('2026-01-15');
    const created = await res.json();
    oldCaseId = created.caseId;
    expect(created).toEqual({
      caseId: expect.stringMatching(/^BN-2026-\d{6}$/),
      subject: 'Tillbyggnad av enbostadshus',
      description: 'Tillbyggnad om 25 kvadratmeter.',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
      applicant: { personalIdentityNumber: citizen, name: 'Anna Maria Svensson' },
      status: 'under_review',
      submittedAt: '2026-11-20T09:30:00Z',
    });
    // The business system got a head request: title, a split name and the default application type.
    expect(system.requests.at(-1)?.body).toMatchObject({
      applicationType: 'bygglov',
      title: 'Tillbyggnad av enbostadshus',
      applicant: { givenName: 'Anna Maria', familyName: 'Svensson' },
    });
  });

  it('reads the case back at 2026-01-15 without any field that version does not know', async () => {
    const res = await call('old-service', 'GET', `/cases/${oldCaseId}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const unknown of [
      'applicationType',
      'givenName',
      'familyName',
      'title',
      'caseOfficer',
      'Karlsson',
    ]) {
      expect(text).not.toContain(unknown);
    }
    expect(JSON.parse(text)).toMatchObject({
      subject: 'Tillbyggnad av enbostadshus',
      status: 'under_review',
    });
  });

  it('gives the e-service pinned at the head the head shapes (and still nothing the contract does not know)', async () => {
    const res = await call('new-service', 'GET', `/cases/${oldCaseId}`);
    expect(res.headers.get('brygga-version')).toBe('2026-12-01');
    const text = await res.text();
    // The head never shows the personnummer: the case is the logged-in citizen's own.
    expect(text).not.toContain(citizen);
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      applicationType: 'bygglov',
      title: 'Tillbyggnad av enbostadshus',
      status: 'supplement_requested',
      applicant: { givenName: 'Anna Maria', familyName: 'Svensson' },
    });
    expect(body).not.toHaveProperty('subject');
    expect(body).not.toHaveProperty('caseOfficer');
  });

  it('honours a Brygga-Version header over the pin, and refuses an unknown one with the supported list', async () => {
    const overridden = await call('new-service', 'GET', `/cases/${oldCaseId}`, { version: '2026-04-01' });
    expect(overridden.headers.get('brygga-version')).toBe('2026-04-01');
    expect(await overridden.json()).toMatchObject({
      title: 'Tillbyggnad av enbostadshus',
      status: 'under_review',
    });

    const unknown = await call('new-service', 'GET', '/cases', { version: '2024-01-01' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      code: 'version_unknown',
      supportedVersions: ['2026-12-01', '2026-11-01', '2026-08-15', '2026-04-01', '2026-01-15'],
    });
  });

  it('marks the deprecated version consistently on every response', async () => {
    const list = await call('old-service', 'GET', '/cases');
    const missing = await call('old-service', 'GET', '/cases/BN-2026-999999');
    expect(missing.status).toBe(404);
    for (const res of [list, missing]) {
      expect(res.headers.get('deprecation')).toBe('@1790812800');
      expect(res.headers.get('sunset')).toBe('Thu, 01 Apr 2027 00:00:00 GMT');
      expect(res.headers.get('link')).toContain('/reference/case-management#v2026-01-15>; rel="deprecation"');
      expect(res.headers.get('link')).toContain('rel="sunset"');
    }
    expect((await call('new-service', 'GET', '/cases')).headers.has('deprecation')).toBe(false);
  });

  it('answers 410 at 2026-01-15 once its sunset has passed, while the head keeps working', async () => {
    now = Date.parse('2027-04-02T08:00:00Z');
    try {
      const gone = await call('old-service', 'GET', `/cases/${oldCaseId}`);
      expect(gone.status).toBe(410);
      expect((await gone.json()).code).toBe('version_sunset');
      expect((await call('new-service', 'GET', `/cases/${oldCaseId}`)).status).toBe(200);
    } finally {
      now = Date.parse('2026-11-25T12:00:00Z');
    }
  });

  it('refuses a wrong secret', async () => {
    const res = await fetch(`${server.url}/api/case-management/cases`, {
      headers: {
        authorization: `Basic ${Buffer.from(`new-service:${secrets.OLD_SECRET}`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
  });

  it('records usage per e-service, version, operation and outcome, and never logs the personnummer', async () => {
    await runtime.close(); // flushes; the later afterAll close is a no-op
    const rows = await readUsage(store, { contract: 'case-management' });
    const count = (eService: string, version: string, operation: string, outcome: string) =>
      rows
        .filter(
          (row) =>
            row.eServiceId === eService &&
            row.version === version &&
            row.operationId === operation &&
            row.outcome === outcome,
        )
        .reduce((sum, row) => sum + row.calls, 0);
    expect(count('old-service', '2026-01-15', 'createCase', 'ok')).toBe(1);
    expect(count('old-service', '2026-01-15', 'getCase', 'ok')).toBe(1);
    expect(count('old-service', '2026-01-15', 'getCase', 'operation_error')).toBe(1);
    expect(count('old-service', '2026-01-15', 'getCase', 'rejected')).toBe(1);
    expect(count('new-service', '2026-04-01', 'getCase', 'ok')).toBe(1);
    expect(rows.map((row) => row.day)).toContain('2027-04-02');
    expect(logs.text()).not.toContain(citizen);
  });
});
