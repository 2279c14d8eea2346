import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutualTls } from './mutual-tls.ts';

// A throwaway CA that signs the business system's server certificate and the adapter's client certificate.
const dir = mkdtempSync(join(tmpdir(), 'brygga-mtls-'));
const pem = (name: string) => readFileSync(join(dir, name));

let server: Server | undefined;
let origin: string;

beforeAll(async () => {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
    ...['-subj', '/CN=Test CA', '-keyout', 'ca.key', '-out', 'ca.crt'],
  );
  for (const [name, subject, ext] of [
    ['server', '/CN=business-system', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'],
    ['client', '/CN=bygglov-adapter', 'extendedKeyUsage=clientAuth\n'],
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
  rmSync(dir, { recursive: true, force: true });
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
