// Mutual TLS between the gateway's remoteAdapter and an adapter service on node:https: a throwaway CA signs the
// service's server certificate and the gateway's client certificate; a client without one is refused by TLS.
import type { Adapter } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeTestCertificates,
  type TestCertificates,
} from '../interceptors/test-certificates.test-support.ts';
import { remoteAdapter } from './client.ts';
import { listenAdapter, type RunningAdapterService } from './listen.ts';

let certificates: TestCertificates | undefined;
const pem = (name: string) => {
  if (!certificates) throw new Error('certificates not made yet');
  return certificates.pem(name);
};
const adapter: Adapter = {
  contract: caseManagement.name,
  contractVersion: caseManagement.head.version,
  handlers: Object.fromEntries(
    [...caseManagement.head.operations.keys()].map((id) => [id, async () => ({ body: { id } })]),
  ),
};
let service: RunningAdapterService | undefined;

beforeAll(async () => {
  certificates = makeTestCertificates({ server: 'adapter-service', client: 'brygga-gateway' });
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
  certificates?.remove();
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
