/**
 * The sync-read benchmark's floor: `node bare-proxy.ts <business url> <api key>` forwards
 * GET /api/case-management/cases/{id} to GET /api/v2/cases/{id} on the business system with node:http and an
 * undici Pool (the gateway's own client), and does nothing else: no token, session, validation, mapping, log or
 * audit. What it adds over calling the business system directly is what one Node.js hop costs on this machine,
 * so the gateway's figure can be read against it. Prints `{"url"}` on file descriptor 3; SIGTERM closes it.
 */
import { writeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const [businessUrl, apiKey] = process.argv.slice(2);
if (businessUrl === undefined || apiKey === undefined)
  throw new Error('usage: bare-proxy.ts <business url> <api key>');
const pool = new Pool(businessUrl, { connections: 32 });
const prefix = '/api/case-management/cases/';

const server = createServer((request, response) => {
  const url = request.url ?? '';
  if (request.method !== 'GET' || !url.startsWith(prefix)) {
    response.writeHead(404).end();
    return;
  }
  pool
    .request({
      method: 'GET',
      path: `/api/v2/cases/${url.slice(prefix.length)}`,
      headers: { authorization: `Bearer ${apiKey}` },
    })
    .then(async (upstream) => {
      const body = Buffer.from(await upstream.body.arrayBuffer());
      response.writeHead(upstream.statusCode, { 'content-type': 'application/json' }).end(body);
    })
    .catch(() => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  writeSync(3, `${JSON.stringify({ url: `http://127.0.0.1:${port}`, sessions: [] })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.close().then(() => process.exit(0));
});
