/**
 * The gateway process of the sync-read benchmark: `node sync-read-gateway.ts <config> <sessions>`. Starts the gateway
 * exactly as `brygga start` does (startGateway: access tokens, the case-management adapter loaded from its package,
 * the durable audit log, metrics, the request log), then opens `sessions` citizen login sessions in its store, as a
 * finished BankID login would, and prints `{"url", "sessions"}` as one JSON line on file descriptor 3. SIGTERM closes it.
 *
 * BENCH_AUDIT=off leaves out the contract-call hook (audit record and contract metrics): not a configuration a
 * gateway can run with, only a way to show what the audit append costs.
 */
import { writeSync } from 'node:fs';
import { loadConfig } from '@brygga/gateway/config';
import { createLogger } from '@brygga/gateway/http';
import { startGateway } from '@brygga/gateway/runtime';

const [configPath, sessionsText, citizen] = process.argv.slice(2);
if (configPath === undefined || sessionsText === undefined || citizen === undefined) {
  throw new Error('usage: sync-read-gateway.ts <config> <sessions> <personnummer>');
}
const config = await loadConfig(configPath);
// The request log goes to stdout at the configured level, as in production.
const logger = createLogger({ level: config.logging.level });
const auditOff = process.env.BENCH_AUDIT === 'off';
const gateway = await startGateway(config, {
  logger,
  ...(auditOff ? { contracts: { onProcessed: undefined } } : {}),
});
const identity = gateway.identity;
if (identity === undefined) throw new Error('the benchmark configuration must configure citizen login');
const sessions: string[] = [];
for (let index = 0; index < Number(sessionsText); index += 1) {
  sessions.push(
    await identity.sessions.create(
      {
        providerId: 'bankid',
        number: citizen,
        kind: 'personnummer',
        sub: `bench-${index}`,
        sid: undefined,
        acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
        amr: [],
        authTime: Math.floor(Date.now() / 1000),
        idToken: 'bench',
      },
      'bench-citizen-ref',
    ),
  );
}
// On fd 3, a pipe of the parent's: stdout carries the request log, which the parent sends to /dev/null.
writeSync(3, `${JSON.stringify({ url: gateway.url, sessions })}\n`);

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  gateway.close('benchmark over').then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
