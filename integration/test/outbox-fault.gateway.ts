// The gateway process of outbox-fault.test.ts: what `brygga start` runs (startGateway on a configuration file),
// with the e-services named by HTTP Basic client credentials and a logged-in citizen taken as given, since citizen
// login through a browser is another test's subject. `node outbox-fault.gateway.ts <config file>`; env: the
// secrets, and FAULT_CITIZEN.
import { loadConfig } from '@brygga/gateway/config';
import { createLogger } from '@brygga/gateway/http';
import { startGateway } from '@brygga/gateway/runtime';

const file = process.argv[2];
const citizen = process.env.FAULT_CITIZEN;
if (file === undefined || citizen === undefined) {
  console.error('usage: FAULT_CITIZEN=… node outbox-fault.gateway.ts <config file>');
  process.exit(2);
}
const config = await loadConfig(file, { env: process.env });
const gateway = await startGateway(config, {
  logger: createLogger({ level: 'info' }),
  contracts: {
    resolveCaller(c) {
      const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(c.req.header('authorization') ?? '');
      if (match?.[1] === undefined) return undefined;
      const [clientId = '', secret] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
      const eService = config.eServices.find((each) => each.client.clientId === clientId);
      return eService && 'clientSecret' in eService.client && eService.client.clientSecret === secret
        ? { eServiceId: eService.id }
        : undefined;
    },
    resolveCitizen: () => ({ personalIdentityNumber: citizen }),
  },
});
process.once('SIGTERM', () => void gateway.close('SIGTERM').then(() => process.exit(0)));
