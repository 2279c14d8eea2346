import type { BryggaConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { ensureInstance, type Store } from '../storage/index.ts';
import { AuditLog } from './audit-log.ts';
import { auditKeysFromConfig } from './keys.ts';
import { purposeRegistry } from './purposes.ts';

export interface OpenAuditLogOptions {
  readonly logger?: Logger;
  /** The clock; injected in tests. */
  readonly now?: () => Date;
  /** See `AuditLogOptions.startInBackground`: the gateway starts while the writer thread boots. */
  readonly startInBackground?: boolean;
}

/** Opens the audit log the configuration describes, on a store whose migrations are applied. */
export async function openAuditLog(
  store: Store,
  config: BryggaConfig,
  options: OpenAuditLogOptions = {},
): Promise<AuditLog> {
  const keys = auditKeysFromConfig(config);
  const instance = await ensureInstance(store);
  return AuditLog.open({
    store,
    keys,
    purposes: purposeRegistry(config),
    origin: instance.id,
    checkpointDir: config.audit.checkpointDir,
    checkpoints: { every: config.audit.checkpointEvery, seconds: config.audit.checkpointSeconds },
    maxBatch: config.audit.maxBatch,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.startInBackground ? { startInBackground: true } : {}),
  });
}
