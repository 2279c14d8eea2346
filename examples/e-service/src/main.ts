import { defaultContractVersion, startEService } from './server.ts';

/**
 * `node examples/e-service/src/main.ts`. Env: PORT (default 7403), HOST (default 127.0.0.1),
 * BRYGGA_GATEWAY_URL (default http://127.0.0.1:7400), CLIENT_ID (default bygglov-ansokan),
 * BRYGGA_BYGGLOV_CLIENT_SECRET (required), PUBLIC_URL (default http://<host>:<port>),
 * CONTRACT_VERSION (default the version this e-service is written for).
 */
// An empty variable counts as unset: `PORT= node main.ts` should not mean port 0.
const portText = process.env.PORT || '7403';
const port = Number(portText);
if (!/^\d{1,5}$/.test(portText) || port > 65_535) {
  console.error('PORT must be a whole number from 0 to 65535.');
  process.exit(2);
}
const clientSecret = process.env.BRYGGA_BYGGLOV_CLIENT_SECRET;
if (!clientSecret) {
  console.error(
    'BRYGGA_BYGGLOV_CLIENT_SECRET is not set: it is the e-service’s client secret at the gateway (`pnpm dev` sets it).',
  );
  process.exit(2);
}

const eService = await startEService({
  port,
  host: process.env.HOST || undefined,
  gatewayUrl: process.env.BRYGGA_GATEWAY_URL || 'http://127.0.0.1:7400',
  clientId: process.env.CLIENT_ID || 'bygglov-ansokan',
  clientSecret,
  publicUrl: process.env.PUBLIC_URL || undefined,
  contractVersion: process.env.CONTRACT_VERSION || defaultContractVersion,
});
console.log(`E-service "Ansök om bygglov" listening on ${eService.url} (open ${eService.publicUrl}/)`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, closing.`);
  eService.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Could not close cleanly:', error instanceof Error ? error.name : error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
