import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BryggaConfig, checkConfigText, formatIssues } from '../config/index.ts';
import { type Data, fixtureEnv, toYaml, validConfigData } from '../config/test-fixtures.ts';
import { httpProbe, landingRoutes, linkedServices, type Probe } from './landing.ts';

function configFor(environment: 'test' | 'production', edit: (data: Data) => void = () => {}): BryggaConfig {
  const data = validConfigData();
  data.environment = environment;
  edit(data);
  const result = checkConfigText(toYaml(data), {
    filePath: '/srv/brygga/brygga.config.yaml',
    env: fixtureEnv,
  });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

/** A probe that answers from a table and records what it was asked. */
function recordingProbe(up: ReadonlySet<string>): Probe & { calls: string[] } {
  const calls: string[] = [];
  const probe = async (url: string) => {
    calls.push(url);
    return up.has(url);
  };
  return Object.assign(probe, { calls });
}

async function landing(config: BryggaConfig, probe: Probe) {
  const response = await landingRoutes({ config, probe }).request('/');
  return { response, body: await response.text() };
}

/** The table row (`<tr>…</tr>`) whose first cell is `name` (already HTML-escaped). */
function rowOf(body: string, escapedName: string): string {
  const row = body.split('<tr>').find((each) => each.startsWith(`\n<td>${escapedName}</td>`));
  if (!row) throw new Error(`no row for ${escapedName}`);
  return row;
}

describe('landing page outside production', () => {
  it('lists every configured service with whether it answers', async () => {
    const config = configFor('test');
    const probe = recordingProbe(
      new Set([
        'https://bankid-broker.exempel.se/.well-known/openid-configuration',
        'https://minasidor.exempel.se',
      ]),
    );
    const { response, body } = await landing(config, probe);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(probe.calls.sort()).toEqual(
      [
        'https://bankid-broker.exempel.se/.well-known/openid-configuration',
        'https://arende.intern.exempel.se',
        'https://bygglov.exempel.se',
        'https://minasidor.exempel.se',
      ].sort(),
    );
    const expected = [
      ['BankID', 'https://bankid-broker.exempel.se', true],
      ['Ärendehantering', 'https://arende.intern.exempel.se', false],
      ['Ansök om bygglov', 'https://bygglov.exempel.se', false],
      ['Mina sidor', 'https://minasidor.exempel.se', true],
    ] as const;
    for (const [name, url, up] of expected) {
      const row = rowOf(body, name);
      expect(row).toContain(`<a href="${url}">${url}</a>`);
      expect(row).toContain(up ? 'class="status-up"' : 'class="status-down"');
      expect(row).not.toContain(up ? 'class="status-down"' : 'class="status-up"');
    }
    expect(body).toContain('<code>test</code>');
  });

  it('says so when nothing is configured, and probes nothing', async () => {
    const config = configFor('test', (data) => {
      data.identityProviders = [];
      data.eServices = [];
      data.businessSystems = [];
      data.purposes = [];
      data.retentionClasses = [];
    });
    const probe = recordingProbe(new Set());
    const { body } = await landing(config, probe);
    expect(body).toContain('No services are configured yet.');
    expect(body).not.toContain('<table');
    expect(probe.calls).toEqual([]);
  });

  it('escapes HTML in configured names', async () => {
    const config = configFor('test', (data) => {
      data.businessSystems[0].name = '<script>alert("x")</script> & <b>co</b>';
      data.eServices[0].name.sv = `Bygglov <img src=x onerror='alert(1)'>`;
    });
    const { body } = await landing(config, recordingProbe(new Set()));
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<b>co');
    rowOf(body, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;');
    rowOf(body, 'Bygglov &lt;img src=x onerror=&#39;alert(1)&#39;&gt;');
  });
});

describe('landing page in production', () => {
  it('shows no internal addresses or names and calls no probe', async () => {
    const config = configFor('production');
    const probe = recordingProbe(new Set());
    const { response, body } = await landing(config, probe);
    expect(response.status).toBe(200);
    expect(probe.calls).toEqual([]);
    expect(body).toContain('The list is shown in development and test only.');
    expect(body).not.toContain('<table');
    for (const service of linkedServices(config)) {
      expect(body).not.toContain(new URL(service.url).host);
      expect(body).not.toContain(service.name);
    }
  });
});

describe('stylesheet', () => {
  it('is served from /assets so the page needs no inline styles', async () => {
    const response = await landingRoutes({ config: configFor('test'), probe: async () => true }).request(
      '/assets/brygga.css',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await response.text()).toContain(':focus-visible');
  });
});

describe('httpProbe', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const status = Number(request.url?.slice(1)) || 200;
      response.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    [200, true],
    [302, true], // not followed: a redirect to a login page still means the service answers
    [404, true],
    [500, false],
    [503, false],
  ])('HTTP %i counts as up: %s', async (status, up) => {
    expect(await httpProbe(`${base}/${status}`)).toBe(up);
  });

  it('a refused connection counts as down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await httpProbe(`http://127.0.0.1:${port}/`)).toBe(false);
  });

  it('counts a mail server as up when it accepts a connection, and as down when nothing listens', async () => {
    const smtp = createTcpServer((socket) => {
      // The probe hangs up as soon as it is connected; that reset is expected, not an error of the test.
      socket.on('error', () => {});
      socket.end('220 test ESMTP\r\n');
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.address() as AddressInfo).port;
    expect(await httpProbe(`smtp://127.0.0.1:${port}`)).toBe(true);
    await new Promise((resolve) => smtp.close(resolve));
    expect(await httpProbe(`smtp://127.0.0.1:${port}`)).toBe(false);
  });
});
