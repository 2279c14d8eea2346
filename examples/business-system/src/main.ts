import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startBusinessSystem } from './server.ts';

/**
 * `node examples/business-system/src/main.ts`. Env: PORT (default 7402), HOST, BUSINESS_SYSTEM_DB
 * (default .brygga/business-system.db under the working directory), BUSINESS_SYSTEM_API_KEY.
 */
// An empty variable counts as unset: `PORT= node main.ts` should not mean port 0.
const portText = process.env.PORT || '7402';
const port = Number(portText);
if (!/^\d{1,5}$/.test(portText) || port > 65_535) {
  console.error('PORT must be a whole number from 0 to 65535.');
  process.exit(2);
}
const dbPath = resolve(process.env.BUSINESS_SYSTEM_DB || '.brygga/business-system.db');
mkdirSync(dirname(dbPath), { recursive: true });

const system = await startBusinessSystem({
  port,
  dbPath,
  ...(process.env.HOST ? { host: process.env.HOST } : {}),
});
console.log(`Business system listening on ${system.url} (case officer's page: ${system.url}/)`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, closing.`);
  system.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('Could not close cleanly:', error instanceof Error ? error.name : error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
