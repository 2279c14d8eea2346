// Shared helpers of the integration suite: real processes, real sockets, nothing mocked.

export { chromiumPath, chromiumRequirement, expectNoAxeViolations, launchChromium } from './browser.ts';
export {
  type CliOptions,
  type CliResult,
  type RunningGatewayProcess,
  runCli,
  startGatewayProcess,
} from './cli.ts';
export {
  bygglovPurposeYaml,
  configWithThreeMistakes,
  type GatewayConfigOptions,
  gatewayConfig,
  gatewaySecrets,
  identityKeysAndAudit,
  type LinkedSystem,
  type Mistake,
  makeTempDir,
  storageKeysAuditYaml,
  type TempDir,
} from './config.ts';
export {
  arendeSystemYaml,
  assertAdapterResolvable,
  basicAuthorization,
  contractsGatewayHeaderYaml,
  type EServiceYamlOptions,
  eServiceYaml,
  unreachableBankIdSecret,
} from './contracts-gateway.ts';
export {
  expectKeyboardFocusVisible,
  gatewayAtTestIdp,
  type LoginGatewayOptions,
  logInAsTolvan,
  loginGatewayConfigText,
  loginGatewayEnv,
  type TestIdpProvider,
} from './login-gateway.ts';
export { bryggaBin, repoRoot } from './paths.ts';
export { freePort } from './ports.ts';
export {
  baseEnv,
  describeOutput,
  type Exit,
  exitWithin,
  type NodeProcess,
  type Output,
  ProcessGroup,
  type SpawnOptions,
} from './processes.ts';
export { describeWith, type Requirement } from './requirements.ts';
export { waitForOutput, waitForReady, waitUntilNotReady } from './wait.ts';
