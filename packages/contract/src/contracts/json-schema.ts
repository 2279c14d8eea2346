import { z } from 'zod';
import type { Contract, ResolvedVersion } from './contract.ts';
import { ContractLookupError } from './contract-error.ts';
import type { HttpMethod } from './operation.ts';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

export interface OperationJsonSchemas {
  readonly method: HttpMethod;
  readonly path: string;
  readonly responseStatus: number;
  /** Request parts describe what callers send (zod input types: defaults make fields optional). */
  readonly params: JsonSchema | undefined;
  readonly query: JsonSchema | undefined;
  readonly body: JsonSchema | undefined;
  /** The response describes what callers receive (zod output types). */
  readonly response: JsonSchema;
}

export interface VersionJsonSchemas {
  readonly contract: string;
  readonly version: string;
  readonly operations: Readonly<Record<string, OperationJsonSchemas>>;
}

const cache = new WeakMap<ResolvedVersion, VersionJsonSchemas>();

/**
 * JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) of every operation part at one version, from zod 4's
 * `z.toJSONSchema`. Personal-data marks appear as `"x-personal-data": true`. Computed once per version and
 * frozen, so callers share it safely.
 */
export function jsonSchemaFor(contract: Contract, version: string): VersionJsonSchemas {
  const resolved = contract.resolve(version);
  if (!resolved) {
    throw new ContractLookupError(
      'unknown_version',
      `Contract "${contract.name}" has no version "${version}".`,
    );
  }
  const cached = cache.get(resolved);
  if (cached) return cached;
  const operations: Record<string, OperationJsonSchemas> = {};
  for (const operation of resolved.operations.values()) {
    const { params, query, body } = operation.request;
    operations[operation.id] = {
      method: operation.method,
      path: operation.path,
      responseStatus: operation.response.status,
      params: params && z.toJSONSchema(params, { io: 'input' }),
      query: query && z.toJSONSchema(query, { io: 'input' }),
      body: body && z.toJSONSchema(body, { io: 'input' }),
      response: z.toJSONSchema(operation.response.body, { io: 'output' }),
    };
  }
  const result = deepFreeze({ contract: contract.name, version: resolved.version, operations });
  cache.set(resolved, result);
  return result;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
