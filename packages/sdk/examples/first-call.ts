/**
 * A first authenticated call, for docs/vendors.md: log a citizen in through the gateway (test BankID in
 * development) and list their cases. Development only: it accepts an http:// gateway on 127.0.0.1.
 *
 *   BRYGGA_CLIENT_SECRET=… pnpm exec node packages/sdk/examples/first-call.ts
 *
 * Environment: BRYGGA_CLIENT_ID (default min-e-tjanst), BRYGGA_CLIENT_SECRET (required),
 * BRYGGA_GATEWAY_URL (default http://127.0.0.1:7400), BRYGGA_REDIRECT_URI (default http://127.0.0.1:7410/callback).
 */
import { createServer } from 'node:http';
import { caseManagement } from '@brygga/contract-case-management';
import { discoverGateway, handleCallback, LoginError, startLogin } from '../src/auth/index.ts';
import { BryggaApiError, createClient } from '../src/index.ts';

const gatewayUrl = process.env.BRYGGA_GATEWAY_URL ?? 'http://127.0.0.1:7400';
const redirectUri = new URL(process.env.BRYGGA_REDIRECT_URI ?? 'http://127.0.0.1:7410/callback');
const clientSecret = process.env.BRYGGA_CLIENT_SECRET;
if (!clientSecret)
  throw new Error('Set BRYGGA_CLIENT_SECRET to the client secret registered in brygga.config.yaml.');

const auth = await discoverGateway({
  issuer: `${gatewayUrl}/oidc`,
  clientId: process.env.BRYGGA_CLIENT_ID ?? 'min-e-tjanst',
  clientSecret,
  redirectUri: redirectUri.href,
  allowInsecureHttp: new URL(gatewayUrl).hostname === '127.0.0.1',
});
// A real e-service keeps the transaction in the person's server-side session; here one login at a time.
const { url, transaction } = await startLogin(auth, { scope: ['case-management'] });

const server = createServer(async (request, response) => {
  const at = new URL(request.url ?? '/', redirectUri);
  if (at.pathname !== redirectUri.pathname) {
    response.writeHead(404).end();
    return;
  }
  try {
    const { tokens, claims } = await handleCallback(auth, at, transaction);
    const cases = createClient({
      gatewayUrl,
      contract: caseManagement,
      version: '2026-12-01',
      accessToken: tokens.accessToken,
    });
    const { data, response: meta } = await cases.withResponse.listMyCases({ query: { limit: 5 } });
    const lines = [
      `Logged in as ${claims.sub} (${claims.acr ?? 'no acr'}).`,
      `listMyCases answered at version ${meta.version} (request ${meta.requestId}): ${data.cases.length} case(s).`,
      ...data.cases.map((each) => `  ${each.caseId}  ${each.status}  ${each.title}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`${lines.join('\n')}\n`);
  } catch (error) {
    const text =
      error instanceof LoginError
        ? `Login failed (${error.code}): ${error.message}`
        : BryggaApiError.is(error)
          ? `The gateway said ${error.code} (${error.status}), request ${error.requestId}: ${error.title}`
          : String(error);
    process.stderr.write(`${text}\n`);
    response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
  } finally {
    server.close();
  }
});
server.listen(Number(redirectUri.port), redirectUri.hostname, () => {
  process.stdout.write(`Open this address in a browser and log in as a test person:\n\n  ${url.href}\n\n`);
});
