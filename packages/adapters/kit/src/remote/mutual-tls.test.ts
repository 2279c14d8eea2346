// Mutual TLS between the gateway's remoteAdapter and an adapter service on node:https: a throwaway CA signs the
// service's server certificate and the gateway's client certificate; a client without one is refused by TLS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteAdapter } from './client.ts';
import { listenAdapter, type RunningAdapterService } from './listen.ts';

const dir = mkdtempSync(join(tmpdir(), 'brygga-remote-mtls-'));
const pem = (name: string) => readFileSync(join(dir, name), 'utf8');
const adapter: Adapter = {
  contract: caseManagement.name,
  contractVersion: caseManagement.head.version,
  handlers: Object.fromEntries(
    [...caseManagement.head.operations.keys()].map((id) => [id, async () => ({ body: { id } })]),
  ),
};
let service: RunningAdapterService | undefined;

beforeAll(async () => {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
    ...['-subj', '/CN=Test CA', '-keyout', 'ca.key', '-out', 'ca.crt'],
  );
  for (const [name, subject, ext] of [
    ['server', '/CN=adapter-service', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'],
    ['client', '/CN=brygga-gateway', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    writeFileSync(join(dir, `${name}.ext`), ext);
    run(
      ...['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
      ...['-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`],
    );
    run(
      ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial'],
      ...['-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`],
    );
  }
  service = await listenAdapter(adapter, {
    tls: {
      key: pem('server.key'),
      cert: pem('server.crt'),
      ca: pem('ca.crt'),
      requestCert: true,
      rejectUnauthorized: true,
    },
  });
});

afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a remote adapter behind mutual TLS', () => {
  it('is reached with the client certificate from the transport options', async () => {
    const remote = remoteAdapter({
      baseUrl: service?.url ?? '',
      contract: caseManagement,
      transport: {
        retry: false,
        mutualTls: { cert: pem('client.crt'), key: pem('client.key'), ca: pem('ca.crt') },
      },
    });
    try {
      expect(service?.url).toMatch(/^https:/);
      await expect(remote.manifest()).resolves.toMatchObject({ contract: 'case-management' });
    } finally {
      await remote.close();
    }
  });

  it('is not reached without one', async () => {
    const agent = new Agent({ connect: { ca: pem('ca.crt') } });
    const remote = remoteAdapter({
      baseUrl: service?.url ?? '',
      contract: caseManagement,
      dispatcher: agent,
    });
    try {
      await expect(remote.manifest()).rejects.toMatchObject({ failure: 'unreachable' });
    } finally {
      await remote.close();
      await agent.close();
    }
  });
});
