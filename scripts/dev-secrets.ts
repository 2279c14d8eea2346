import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Shared values two local services must agree on; development only, documented in brygga.config.yaml. */
export const devShared = {
  testIdpClientSecret: 'dev-secret-not-for-production',
  businessSystemApiKey: 'dev-business-system-key',
  // Fixed rather than generated, so the curl in docs/simple-e-services.md works as written.
  kontaktClientSecret: 'dev-kontakt-secret-not-for-production',
} as const;

export interface DevSecrets {
  readonly BRYGGA_AUDIT_HMAC_KEY: string;
  readonly BRYGGA_CHECKPOINT_SIGNING_KEY: string;
  readonly BRYGGA_BYGGLOV_CLIENT_SECRET: string;
}

/**
 * The gateway's own development keys, made once per checkout and kept in .brygga/ (git-ignored), so audit records
 * and checkpoints written in one `pnpm dev` still verify in the next. Never used outside development.
 */
export function loadOrCreateDevSecrets(file: string): DevSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
  const { privateKey } = generateKeyPairSync('ed25519');
  const secrets: DevSecrets = {
    BRYGGA_AUDIT_HMAC_KEY: randomBytes(32).toString('base64url'),
    BRYGGA_CHECKPOINT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    BRYGGA_BYGGLOV_CLIENT_SECRET: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Every variable brygga.config.yaml needs in development. */
export function devGatewayEnv(secrets: DevSecrets): Record<string, string> {
  return {
    ...secrets,
    BRYGGA_TEST_IDP_CLIENT_SECRET: devShared.testIdpClientSecret,
    BRYGGA_ARENDEHANTERING_API_KEY: devShared.businessSystemApiKey,
    BRYGGA_KONTAKT_CLIENT_SECRET: devShared.kontaktClientSecret,
  };
}
