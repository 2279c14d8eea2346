import type { Contract } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { type BryggaConfig, checkConfigText, formatIssues } from '../config/index.ts';
import { type Data, fixtureEnv, toYaml, validConfigData } from '../config/test-fixtures.ts';
import type { UsageRow } from '../contracts/usage/event.ts';
import { portalSections } from './frame.ts';
import { type PortalOptions, portalRoutes } from './routes.ts';

function configWith(edit: (data: Data) => void = () => {}): BryggaConfig {
  const data = validConfigData();
  edit(data);
  const result = checkConfigText(toYaml(data), { filePath: '/srv/brygga.yaml', env: fixtureEnv });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

const contracts: readonly Contract[] = [caseManagement];
const now = () => Date.parse('2026-11-25T12:00:00Z');

async function get(path: string, options: Partial<PortalOptions> = {}) {
  const app = portalRoutes({ config: configWith(), contracts, now, ...options });
  const response = await app.request(path);
  return { response, body: await response.text() };
}

describe('portalRoutes', () => {
  it.each(portalSections.map((section) => section.path))(
    '%s is a Swedish page whose nav marks it, and only it, as current',
    async (path) => {
      const { response, body } = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(body).toContain('<html lang="sv">');
      expect(body.match(/aria-current="page"/g)).toHaveLength(1);
      expect(body).toContain(`<a href="${path}" aria-current="page">`);
      for (const other of portalSections.filter((section) => section.path !== path)) {
        expect(body).toContain(`<a href="${other.path}">`);
      }
      expect(body.match(/<h1>/g)).toHaveLength(1);
    },
  );

  it('lists every e-service with owner, lifecycle and pinned versions, without staff personal data', async () => {
    const { body } = await get('/portal/e-services');
    expect(body).toContain('Ansök om bygglov');
    expect(body).toContain('Stadsbyggnadsnämnden');
    expect(body).toContain('Under utveckling');
    expect(body).toContain('href="/reference/case-management#v2026-01-15"');
    expect(body).toContain('href="/reference/case-management#v2025-06-01"');
    for (const personal of ['Karin Lindqvist', 'karin@exempel.se', 'Ali Haddad', 'ali@exempel.se', '+46 8']) {
      expect(body).not.toContain(personal);
    }
  });

  it('escapes configured text', async () => {
    const config = configWith((data) => {
      data.eServices[0].owner = '<script>alert(1)</script>';
    });
    const response = await portalRoutes({ config, contracts, now }).request('/portal/e-services');
    const body = await response.text();
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;');
  });

  it('shows the deprecated version with its dates and the e-service pinned to it', async () => {
    const { body } = await get('/portal/deprecations');
    expect(body).toContain('<code>2026-01-15</code>: Föråldrad');
    expect(body).toContain('<time datetime="2026-10-01">');
    expect(body).toContain('<time datetime="2027-04-01">');
    expect(body).toContain('href="/portal/e-services#e-service-bygglov-ansokan"');
    expect(body).not.toContain('Anropar fortfarande');
  });

  it('asks the usage function for the last 30 days and shows who still calls', async () => {
    const asked: string[] = [];
    const usage = async (since: string): Promise<UsageRow[]> => {
      asked.push(since);
      return [
        {
          day: '2026-11-24',
          eServiceId: 'mina-sidor',
          contract: 'case-management',
          version: '2026-01-15',
          operationId: 'listMyCases',
          outcome: 'ok',
          calls: 7,
          lastAt: '2026-11-24T09:15:00.000Z',
        },
      ];
    };
    const { body } = await get('/portal/deprecations', { usage });
    expect(asked).toEqual(['2026-10-26']);
    expect(body).toContain('Anropar fortfarande');
    expect(body).toContain('Mina sidor (<code>mina-sidor</code>): 7 anrop');
    expect(body).toContain('<time datetime="2026-11-24T09:15:00.000Z">2026-11-24 09:15 UTC</time>');
  });

  it('still answers when usage cannot be read, and says so', async () => {
    const { response, body } = await get('/portal/deprecations', {
      usage: () => Promise.reject(new Error('database down')),
    });
    expect(response.status).toBe(200);
    expect(body).toContain('kunde inte läsas');
    expect(body).not.toContain('database down');
  });

  it("gives vendors this gateway's own addresses", async () => {
    const { body } = await get('/portal/vendors');
    expect(body).toContain('href="https://brygga.exempel.se/oidc/.well-known/openid-configuration"');
    expect(body).toContain('href="https://brygga.exempel.se/openapi"');
    expect(body).toContain('href="https://brygga.exempel.se/reference"');
    const withoutLogin = configWith((data) => {
      data.eServices = [];
    });
    const response = await portalRoutes({ config: withoutLogin, contracts, now }).request('/portal/vendors');
    expect(await response.text()).not.toContain('openid-configuration');
  });

  it('shows adapter authors the interface and the head versions', async () => {
    const { body } = await get('/portal/adapters');
    expect(body).toContain('readonly handlers: Readonly&lt;Record&lt;string, OperationHandler&gt;&gt;;');
    expect(body).toContain('@brygga/adapter-case-management');
    expect(body).toContain(`href="/reference/case-management/${caseManagement.head.version}"`);
  });
});
