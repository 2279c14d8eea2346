/**
 * The gateway's configuration: one YAML file, validated by a zod schema that is also its documentation.
 *
 *     const config = await loadConfig('brygga.config.yaml'); // throws ConfigError listing every mistake
 */
export { type CheckOptions, type CheckResult, checkConfigText } from './check.ts';
export { ConfigError } from './config-error.ts';
export type { Env } from './fields.ts';
export type { BryggaConfig, ContractPin, EServiceConfig } from './finalize.ts';
export { formatIssues } from './format.ts';
export type { ConfigIssue } from './issue.ts';
export { loadConfig } from './load.ts';
export { configJsonSchema, renderConfigReference } from './reference.ts';
