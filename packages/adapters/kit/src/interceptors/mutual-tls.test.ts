import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutualTls } from './mutual-tls.ts';
import { makeTestCertificates, type TestCertificates } from './test-certificates.test-support.ts';

// A throwaway CA that signs the business system's server certificate and the adapter's client certificate.
let certificates: TestCertificates | undefined;
const pem = (name: string) => {
  if (!certificates) throw new Error('certificates not made yet');
  return certificates.pem(name);
};

let server: Server | undefined;
let origin: string;

beforeAll(async () => {
  certificates = makeTestCertificates({ server: 'business-system', client: 'bygglov-adapter' });
  const https = createServer(
    {
      key: pem('server.key'),
      cert: pem('server.crt'),
      ca: pem('ca.crt'),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ client: peer.subject?.CN }));
    },
  );
  server = https;
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  certificates?.remove();
});

describe('mutualTls', () => {
  it('authenticates the adapter with its client certificate', async () => {
    const agent = new Agent({
      connect: mutualTls({ cert: pem('client.crt'), key: pem('client.key'), ca: pem('ca.crt') }),
    });
    try {
      const response = await request(origin, { dispatcher: agent });
      expect(await response.body.json()).toEqual({ client: 'bygglov-adapter' });
    } finally {
      await agent.close();
    }
  });

  it('is refused by the business system without one', async () => {
    const agent = new Agent({ connect: { ca: pem('ca.crt') } });
    try {
      await expect(request(origin, { dispatcher: agent })).rejects.toThrow();
    } finally {
      await agent.destroy();
    }
  });

  it('keeps verifying the server: a certificate from another CA is refused', async () => {
    const agent = new Agent({ connect: mutualTls({ cert: pem('client.crt'), key: pem('client.key') }) });
    try {
      await expect(request(origin, { dispatcher: agent })).rejects.toThrow(/certificate/i);
    } finally {
      await agent.destroy();
    }
  });
});
