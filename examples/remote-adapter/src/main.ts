import type { BusinessApiVersion } from '@brygga/adapter-case-management';
import { startRemoteAdapterService } from './service.ts';

/**
 * `pnpm exec node examples/remote-adapter/src/main.ts`. Env: PORT (default 7406), HOST, BUSINESS_SYSTEM_URL
 * (default http://127.0.0.1:7402), BUSINESS_SYSTEM_API_KEY, BUSINESS_API_VERSION (v1 or v2, default v2) and
 * REMOTE_ADAPTER_KEY (the key the gateway must send in x-api-key).
 */
const devKey = 'dev-remote-adapter-key';
const portText = process.env.PORT || '7406';
const port = Number(portText);
if (!/^\d{1,5}$/.test(portText) || port > 65_535) {
  console.error('PORT must be a whole number from 0 to 65535.');
  process.exit(2);
}
const apiVersion = process.env.BUSINESS_API_VERSION || 'v2';
if (apiVersion !== 'v1' && apiVersion !== 'v2') {
  console.error('BUSINESS_API_VERSION must be v1 or v2.');
  process.exit(2);
}
const gatewayKey = process.env.REMOTE_ADAPTER_KEY || devKey;
if (gatewayKey === devKey)
  console.warn('Using the development key; set REMOTE_ADAPTER_KEY outside development.');

const service = await startRemoteAdapterService({
  port,
  ...(process.env.HOST ? { host: process.env.HOST } : {}),
  gatewayKey,
  businessSystemUrl: process.env.BUSINESS_SYSTEM_URL || 'http://127.0.0.1:7402',
  businessSystemApiKey: process.env.BUSINESS_SYSTEM_API_KEY || 'dev-business-system-key',
  apiVersion: apiVersion as BusinessApiVersion,
  // The error's name and code only: its message may quote the business system.
  onError: (error, operationId) =>
    console.error(
      JSON.stringify({
        event: 'operation_failed',
        operationId,
        error: error instanceof Error ? error.name : typeof error,
        code: (error as { code?: unknown } | undefined)?.code,
      }),
    ),
});
console.log(`Remote case-management adapter listening on ${service.url} (protocol brygga-adapter/v1)`);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, closing.`);
  service.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
