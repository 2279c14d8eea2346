import type { RuleId, Severity } from './rules.ts';

/**
 * A JSON Schema (draft 2020-12, as `z.toJSONSchema` and OpenAPI 3.1 write it); `true`/`false` are schemas too.
 * Typed loosely on purpose: any schema object type (zod's, an OpenAPI library's) fits, and the rules read it
 * defensively.
 */
export type JsonSchema = boolean | object;

/**
 * One operation of an API, in a neutral shape that both the contract model and OpenAPI 3.1 map onto.
 * `$ref`s are resolved against the schema they appear in, so a mapper must inline shared schemas or carry them
 * along in that schema's `$defs` (as `z.toJSONSchema` does).
 */
export interface ApiOperation {
  readonly method: string;
  /** Path template; `{name}` and `:name` placeholders are both understood. */
  readonly path: string;
  readonly request: {
    /** Path parameters, as one object schema whose properties are the parameters. */
    readonly params?: JsonSchema;
    /** Query parameters, as one object schema whose properties are the parameters. */
    readonly query?: JsonSchema;
    readonly body?: JsonSchema;
  };
  readonly response: { readonly status: number; readonly body: JsonSchema };
  /** Error cases the operation documents, by stable error code. */
  readonly errors?: Readonly<Record<string, { readonly status: number }>>;
}

export interface ApiDescription {
  readonly operations: Readonly<Record<string, ApiOperation>>;
}

/** Which side of the exchange a schema describes: what clients send, or what they receive. */
export type Side = 'request' | 'response';

export type FindingLocation =
  | 'operation'
  | 'errors'
  | 'request.params'
  | 'request.query'
  | 'request.body'
  | 'response.body';

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly operationId: string;
  readonly location: FindingLocation;
  /**
   * JSON pointer inside the schema at `location`, following the data's shape through `$ref`s
   * (e.g. `/properties/applicant/properties/name`). It points into the base schema, or into the head schema for
   * things that exist only there. Empty for the whole schema or for operation-level findings.
   */
  readonly path: string;
  readonly message: string;
}
