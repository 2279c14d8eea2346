// Remote adapters end to end over real sockets: a gateway whose configuration says `adapter: http://127.0.0.1:…`
// serves contract calls through an adapter running as its own service (the kit's listenAdapter in front of the
// in-memory case system), and the edge cases against a small Hono server on port 0: a declared error, a broken
// answer (never logged), a remote that hangs, one that is down or for another head at start.

import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenAdapter, type RunningAdapterService, serveAdapter } from '@brygga/adapter-kit';
import { caseManagement } from '@brygga/contract-case-management';
import { createAdaptorServer } from '@hono/node-server';
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

const secrets = {
  SERVICE_SECRET: 'remote-service-secret-0123456789abcdef012',
  REMOTE_KEY: 'remote-adapter-key-0123456789',
};
const citizen = '198112189876';
const head = caseManagement.head.version;

function config(dir: string, systems: { id: string; url: string; requestMs?: number }[]): BryggaConfig {
  const systemText = systems
    .map(
      (system) => `
  - id: ${system.id}
    name: Ärendehantering ${system.id}
    owner: Stadsbyggnadsförvaltningen
    adapter: ${system.url}
    baseUrl: https://arende.intern.exempel.se
    contracts: [case-management]
    timeouts: { connectMs: 1000, requestMs: ${system.requestMs ?? 5000} }
    credentials: { type: apiKey, header: x-adapter-key, key: { env: REMOTE_KEY } }`,
    )
    .join('');
  return contractsConfig(
    {
      eServices: [
        {
          id: 'bygglov',
          version: head,
          secretEnv: 'SERVICE_SECRET',
          name: '{ sv: Bygglov, en: Building permits }',
        },
      ],
      businessSystems: systemText,
    },
    { filePath: join(dir, 'brygga.config.yaml'), env: { ...fixtureEnv, ...secrets } },
  );
}

interface Gateway {
  readonly url: string;
  readonly logs: ReturnType<typeof captureLogs>;
  readonly breakerStates: string[];
  close(): Promise<void>;
}

/** A gateway with the contract runtime, loading its adapters from the configuration as in production. */
async function startGateway(systems: { id: string; url: string; requestMs?: number }[]): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'brygga-remote-adapters-'));
  const logs = captureLogs('info');
  const breakerStates: string[] = [];
  const store: Store = await openStore({ driver: 'sqlite', path: join(dir, 'brygga.db') });
  await migrate(store, gatewayMigrations);
  const app = createApp({ logger: logs.logger });
  const runtime: ContractsRuntime = await mountContracts(app, {
    config: config(dir, systems),
    store,
    logger: logs.logger,
    resolveCitizen: () => ({ personalIdentityNumber: citizen }),
    adapterServices: {
      onBreakerStateChange: (system, state) => void breakerStates.push(`${system}:${state}`),
    },
  });
  const server: RunningServer = await startServer({ app, port: 0, logger: logs.logger });
  return {
    url: server.url,
    logs,
    breakerStates,
    async close() {
      await server.close('test over');
      await runtime.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function call(gateway: Gateway, method: string, path: string, body?: unknown) {
  return fetch(`${gateway.url}/api/case-management${path}`, {
    method,
    headers: {
      authorization: basicAuthorization('bygglov', secrets.SERVICE_SECRET),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const application = {
  applicationType: 'bygglov',
  title: 'Tillbyggnad av enbostadshus',
  description: 'Tillbyggnad om 25 kvadratmeter.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: { givenName: 'Anna Maria', familyName: 'Svensson' },
};

describe('a gateway configured with a remote adapter', () => {
  const system = memoryCaseSystem();
  const seen: { url: string; headers: Headers }[] = [];
  let service: RunningAdapterService;
  let gateway: Gateway;

  beforeAll(async () => {
    service = await listenAdapter(system.adapter, {
      authenticate: (request) => {
        seen.push({ url: request.url, headers: request.headers });
        return request.headers.get('x-adapter-key') === secrets.REMOTE_KEY;
      },
    });
    gateway = await startGateway([{ id: 'arende', url: service.url }]);
  });
  afterAll(async () => {
    await gateway?.close();
    await service?.close();
  });

  it('serves contract calls through it, with the citizen only in the body and the trace passed on', async () => {
    const created = await call(gateway, 'POST', '/cases', application);
    expect(created.status).toBe(201);
    const { caseId } = await created.json();
    expect(system.contexts.at(-1)).toMatchObject({
      eServiceId: 'bygglov',
      purposeId: 'handlagga-bygglov',
      citizen: { personalIdentityNumber: citizen },
      traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/),
    });
    const read = await call(gateway, 'GET', `/cases/${caseId}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ caseId, title: 'Tillbyggnad av enbostadshus' });
    expect(seen.some((request) => request.url.endsWith('/brygga-adapter/v1/manifest'))).toBe(true);
    for (const request of seen) {
      expect(request.url).not.toContain(citizen);
      expect(JSON.stringify([...request.headers])).not.toContain(citizen);
    }
    expect(gateway.logs.text()).not.toContain(citizen);
  });

  it('answers a declared error case (422 from the remote) with the contract’s problem', async () => {
    const missing = await call(gateway, 'GET', '/cases/BN-2026-999999');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'case_not_found' });
  });
});

describe('a remote adapter that misbehaves', () => {
  const garbage = `<html>Traceback: ärende för ${citizen}</html>`;
  let mode: 'down' | 'up' | 'garbage' | 'fail' | 'hang' = 'down';
  let server: Server;
  let url: string;
  const handle = serveAdapter(memoryCaseSystem().adapter);

  beforeAll(async () => {
    server = createAdaptorServer({
      fetch: async (request: Request) => {
        const manifest = request.url.endsWith('/manifest');
        if (mode === 'down') return new Response('restarting', { status: 503 });
        if (manifest || mode === 'up') return handle(request);
        if (mode === 'garbage')
          return new Response(garbage, { headers: { 'content-type': 'application/json' } });
        if (mode === 'fail') return Response.json({ error: garbage }, { status: 500 });
        return new Promise<Response>(() => {}); // hang
      },
    }) as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('does not stop the gateway when it is down at start; the first call asks again; its breaker is reported', async () => {
    mode = 'down';
    const gateway = await startGateway([{ id: 'arende', url }]);
    try {
      expect(gateway.logs.text()).toContain(
        'business system arende: remote adapter did not answer at start; it is asked again on the first call',
      );
      mode = 'up';
      const list = await call(gateway, 'GET', '/cases');
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ cases: [], nextCursor: null });
      // Down again: its 503s count against the business system's breaker, whose opening the gateway is told of.
      mode = 'down';
      expect((await call(gateway, 'GET', '/cases')).status).toBe(502);
      expect((await call(gateway, 'GET', '/cases')).status).toBe(502);
      expect(gateway.breakerStates).toContain('arende:open');
    } finally {
      await gateway.close();
    }
  });

  it('answers 502 to a broken answer or a 500, and never logs the body', async () => {
    mode = 'up';
    const gateway = await startGateway([{ id: 'arende', url }]);
    try {
      for (const broken of ['garbage', 'fail'] as const) {
        mode = broken;
        const answer = await call(gateway, 'POST', '/cases', application);
        expect(answer.status).toBe(502);
        const text = await answer.text();
        expect(JSON.parse(text)).toMatchObject({ code: 'bad_gateway' });
        expect(text).not.toContain('Traceback');
      }
      const logged = gateway.logs.text();
      expect(logged).toContain('RemoteAdapterError');
      expect(logged).not.toContain('Traceback');
      expect(logged).not.toContain(citizen);
    } finally {
      await gateway.close();
    }
  });

  it('answers 504 when it does not answer within the business system’s time limit', async () => {
    mode = 'up';
    const gateway = await startGateway([{ id: 'arende', url, requestMs: 300 }]);
    try {
      mode = 'hang';
      const answer = await call(gateway, 'GET', '/cases/BN-1');
      expect(answer.status).toBe(504);
      expect(await answer.json()).toMatchObject({ code: 'gateway_timeout' });
    } finally {
      await gateway.close();
    }
  });

  it('is refused at start when its manifest is for another head, like a package', async () => {
    const older = await listenAdapter({ ...memoryCaseSystem().adapter, contractVersion: '2026-11-01' });
    const gateway = await startGateway([{ id: 'arende', url: older.url }]);
    try {
      expect(gateway.logs.text()).toContain('business system arende: remote adapter not used');
      expect(gateway.logs.text()).toContain(`serves case-management 2026-11-01, not case-management ${head}`);
      expect((await call(gateway, 'GET', '/cases')).status).toBe(503);
    } finally {
      await gateway.close();
      await older.close();
    }
  });
});
