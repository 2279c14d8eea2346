export { compareApis } from './compare-apis.ts';
export { type CompareSchemasOptions, compareSchemas } from './compare-schemas.ts';
export { formatFindings, hasBreakingChanges } from './format.ts';
export { type RuleId, type RuleInfo, ruleIds, rules, type Severity } from './rules.ts';
// JsonSchema is not re-exported: contracts/ exports zod's JsonSchema type under that name, which fits this one.
export type { ApiDescription, ApiOperation, Finding, FindingLocation, Side } from './types.ts';
