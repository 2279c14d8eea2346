import { join } from 'node:path';
import { devGatewayEnv, devShared, loadOrCreateDevSecrets } from './dev-secrets.ts';

/** One process of the local stack. */
export interface DevService {
  readonly id: string;
  readonly name: string;
  /** Arguments to the pinned Node binary. */
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Polled until it answers 2xx. */
  readonly readyUrl: string;
  /** What a person opens. */
  readonly url: string;
  readonly note?: string;
}

export const devPorts = {
  gateway: 7400,
  testIdp: 7401,
  businessSystem: 7402,
  eService: 7403,
  mailbox: 7404,
  // The example mailbox's SMTP server: brygga.config.yaml's funktionsbrevlada (smtp://127.0.0.1:7425).
  mailboxSmtp: 7425,
} as const;

const host = '127.0.0.1';

/**
 * The services `pnpm dev` starts. Secrets here are development-only values, the same ones documented at the top
 * of brygga.config.yaml; a real deployment sets its own.
 */
export function devServices(root: string): DevService[] {
  const dataDir = join(root, '.brygga');
  const secrets = loadOrCreateDevSecrets(join(dataDir, 'dev-secrets.json'));
  const gatewayEnv = devGatewayEnv(secrets);
  return [
    {
      id: 'test-idp',
      name: 'Test BankID IdP',
      args: [join(root, 'packages/test-idp/bin/test-idp.js'), '--port', String(devPorts.testIdp)],
      env: { TEST_IDP_CLIENT_SECRET: devShared.testIdpClientSecret },
      readyUrl: `http://${host}:${devPorts.testIdp}/.well-known/openid-configuration`,
      url: `http://${host}:${devPorts.testIdp}`,
      note: 'test persons only, never production',
    },
    {
      id: 'business-system',
      name: 'Example business system',
      args: [join(root, 'examples/business-system/src/main.ts')],
      env: {
        PORT: String(devPorts.businessSystem),
        BUSINESS_SYSTEM_DB: join(dataDir, 'business-system.db'),
        BUSINESS_SYSTEM_API_KEY: devShared.businessSystemApiKey,
      },
      readyUrl: `http://${host}:${devPorts.businessSystem}/health`,
      url: `http://${host}:${devPorts.businessSystem}`,
      note: 'case management, API v1 and v2',
    },
    {
      id: 'mailbox',
      name: 'Example mailbox',
      args: [join(root, 'examples/mailbox/src/main.ts')],
      env: { PORT: String(devPorts.mailbox), SMTP_PORT: String(devPorts.mailboxSmtp) },
      readyUrl: `http://${host}:${devPorts.mailbox}/health`,
      url: `http://${host}:${devPorts.mailbox}`,
      note: `the simple e-service's inbox; SMTP on ${host}:${devPorts.mailboxSmtp}`,
    },
    {
      id: 'gateway',
      name: 'Brygga gateway',
      args: [
        join(root, 'packages/gateway/bin/brygga.js'),
        'dev',
        '--config',
        join(root, 'brygga.config.yaml'),
      ],
      env: gatewayEnv,
      readyUrl: `http://${host}:${devPorts.gateway}/health/ready`,
      url: `http://${host}:${devPorts.gateway}`,
      note: 'embedded SQLite in .brygga/',
    },
    {
      id: 'e-service',
      name: 'Example e-service',
      args: [join(root, 'examples/e-service/src/main.ts')],
      // The client id and secret brygga.config.yaml registers for bygglov-ansokan, and its redirect addresses.
      env: {
        PORT: String(devPorts.eService),
        BRYGGA_GATEWAY_URL: `http://${host}:${devPorts.gateway}`,
        CLIENT_ID: 'bygglov-ansokan',
        BRYGGA_BYGGLOV_CLIENT_SECRET: secrets.BRYGGA_BYGGLOV_CLIENT_SECRET,
      },
      readyUrl: `http://${host}:${devPorts.eService}/health`,
      url: `http://${host}:${devPorts.eService}`,
      note: 'Ansök om bygglov: log in as a test person',
    },
  ];
}
