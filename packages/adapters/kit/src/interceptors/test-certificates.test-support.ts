import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** A file of the set as PEM text: `ca.crt`, `server.crt`, `server.key`, `client.crt`, `client.key`. */
  pem(name: string): string;
  remove(): void;
}

/**
 * A throwaway CA (openssl, P-256, valid one day) that signs a server certificate for 127.0.0.1 and a client
 * certificate, for the mutual-TLS tests.
 */
export function makeTestCertificates(names: { server: string; client: string }): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'brygga-mtls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  run(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
    ...['-subj', '/CN=Test CA', '-keyout', 'ca.key', '-out', 'ca.crt'],
  );
  for (const [name, subject, ext] of [
    ['server', `/CN=${names.server}`, 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'],
    ['client', `/CN=${names.client}`, 'extendedKeyUsage=clientAuth\n'],
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
  return {
    pem: (name) => readFileSync(join(dir, name), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
