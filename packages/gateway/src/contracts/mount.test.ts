// The contract runtime as `startGateway` wires it: documents, reference pages and the Scalar bundle over a real
// socket, with the gateway's own middleware (CSP included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfigText, formatIssues } from '../config/index.ts';
import { fixtureEnv } from '../config/test-fixtures.ts';
import { createLogger } from '../log/index.ts';
import { scalarBundleUrl } from '../pages/reference.ts';
import { type RunningGateway, startGateway } from '../runtime/gateway.ts';

let dir: string;
let gateway: RunningGateway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brygga-contracts-mount-'));
  const text = [
    'environment: test',
    'storage: { driver: sqlite, sqlite: { path: brygga.db } }',
    'keys:',
    '  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }',
    '  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }',
  ].join('\n');
  const result = checkConfigText(text, { filePath: join(dir, 'brygga.config.yaml'), env: fixtureEnv });
  if (!result.ok) throw new Error(formatIssues(result.issues));
  gateway = await startGateway(result.config, {
    logger: createLogger({ level: 'silent' }),
    port: 0,
    contracts: { now: () => Date.parse('2026-11-25T12:00:00Z') },
  });
});

afterAll(async () => {
  await gateway?.close('test over');
  rmSync(dir, { recursive: true, force: true });
});

describe('the contract runtime in a started gateway', () => {
  it('lists contracts and versions with their lifecycle and links at /openapi', async () => {
    const res = await fetch(`${gateway.url}/openapi`);
    expect(res.status).toBe(200);
    const { contracts } = await res.json();
    expect(contracts[0]).toMatchObject({ name: 'case-management', api: '/api/case-management' });
    expect(contracts[0].versions.at(-1)).toEqual({
      version: '2026-01-15',
      status: 'deprecated',
      stability: 'stable',
      head: false,
      deprecated: '2026-10-01',
      sunset: '2027-04-01',
      openapi: '/openapi/case-management/2026-01-15.json',
      reference: '/reference/case-management/2026-01-15',
    });
  });

  it('serves each version’s OpenAPI 3.1 document with its lifecycle, and 404 for an unknown one', async () => {
    const res = await fetch(`${gateway.url}/openapi/case-management/2026-01-15.json`);
    expect(res.status).toBe(200);
    const document = await res.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/cases/{caseId}'].get.deprecated).toBe(true);
    // The configured public URL (here derived from host and the configured port), not the test's port.
    expect(document.servers).toEqual([{ url: 'http://127.0.0.1:7400/api/case-management' }]);
    expect((await fetch(`${gateway.url}/openapi/case-management/2025-01-01.json`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/openapi/nothing/2026-01-15.json`)).status).toBe(404);
  });

  it('serves the interactive reference with Scalar from the gateway itself, under a CSP loosened only there', async () => {
    const res = await fetch(`${gateway.url}/reference/case-management/2026-01-15`);
    expect(res.status).toBe(200);
    const page = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? 'missing';
    expect(page).toContain(`<script src="${scalarBundleUrl}" nonce="${nonce}"></script>`);
    expect(page).toContain('/openapi/case-management/2026-01-15.json');
    expect(page).not.toMatch(/https?:\/\/(cdn|fonts)/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self'");

    // Every other page keeps the strict default.
    const other = await fetch(`${gateway.url}/reference/case-management`);
    expect(other.headers.get('content-security-policy')).toContain("style-src 'self';");
    expect(other.headers.get('content-security-policy')).not.toContain('nonce');
  });

  it('serves Scalar’s standalone bundle from node_modules, compressed and cacheable', async () => {
    const res = await fetch(`${gateway.url}${scalarBundleUrl}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const plain = Buffer.from(await res.arrayBuffer());
    expect(plain.toString('utf8', 0, 200)).toContain('createElement');
    const { request } = await import('node:http');
    const gzipped = await new Promise<Buffer>((resolve, reject) => {
      request(`${gateway.url}${scalarBundleUrl}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        expect(response.headers['content-encoding']).toBe('gzip');
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      })
        .on('error', reject)
        .end();
    });
    expect(gzipped.length).toBeLessThan(plain.length / 2);
    expect(gunzipSync(gzipped).equals(plain)).toBe(true);
  });

  it('shows each contract’s versions, changes and error codes, where Link headers and problem types point', async () => {
    const res = await fetch(`${gateway.url}/reference/case-management`);
    const page = await res.text();
    expect(page).toContain('id="v2026-01-15"');
    expect(page).toContain('rename-subject-to-title');
    expect(page).toContain('id="error-case_not_found"');
    expect((await fetch(`${gateway.url}/reference`)).status).toBe(200);
  });

  it('answers contract calls without credentials with 401 and a Basic challenge', async () => {
    const res = await fetch(`${gateway.url}/api/case-management/cases`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
  });
});
