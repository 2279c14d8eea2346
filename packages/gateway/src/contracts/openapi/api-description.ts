import type { ApiDescription, ApiOperation } from '@brygga/contract';

type Json = Record<string, unknown>;

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
const componentRef = '#/components/schemas/';

/**
 * The operations of an OpenAPI 3.1 document in the neutral shape `compareApis` takes: path and query parameters
 * as one object schema each, the JSON request body, the success response body, and the operation's own error
 * cases (`x-brygga-errors`). Headers are the gateway's, not the contract's, and are left out. References to
 * `#/components/schemas` are carried along as `$defs`, so each schema stands alone. Pure.
 *
 * Both sides of a comparison go through this one mapping, so what it leaves out can never show up as a change.
 */
export function apiDescriptionFromOpenApi(document: unknown): ApiDescription {
  const doc = asObject(document);
  const components = asObject(asObject(doc.components).schemas);
  const operations: Record<string, ApiOperation> = {};
  for (const [path, item] of Object.entries(asObject(doc.paths))) {
    for (const method of methods) {
      const operation = asObject(asObject(item)[method]);
      const id = operation.operationId;
      if (typeof id !== 'string') continue;
      const parameters = Array.isArray(operation.parameters) ? operation.parameters.map(asObject) : [];
      const params = parameterObject(parameters, 'path', components);
      const query = parameterObject(parameters, 'query', components);
      const body = jsonSchemaOf(asObject(operation.requestBody), components);
      const success = Object.entries(asObject(operation.responses)).find(([status]) =>
        /^2\d\d$/.test(status),
      );
      operations[id] = {
        method,
        path,
        request: {
          ...(params ? { params } : {}),
          ...(query ? { query } : {}),
          ...(body === undefined ? {} : { body }),
        },
        response: {
          status: success ? Number(success[0]) : 200,
          body: (success && jsonSchemaOf(asObject(success[1]), components)) ?? {},
        },
        errors: Object.fromEntries(
          Object.entries(asObject(operation['x-brygga-errors'])).map(([code, errorCase]) => [
            code,
            { status: Number(asObject(errorCase).status) },
          ]),
        ),
      };
    }
  }
  return { operations };
}

function parameterObject(parameters: readonly Json[], location: string, components: Json): Json | undefined {
  const selected = parameters.filter(
    (parameter) => parameter.in === location && typeof parameter.name === 'string',
  );
  if (selected.length === 0) return undefined;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const parameter of selected) {
    const name = parameter.name as string;
    properties[name] = withDefs(parameter.schema ?? {}, components);
    if (parameter.required === true) required.push(name);
  }
  // Contract parameters are strict: a parameter the version does not know is refused.
  return { type: 'object', properties, required, additionalProperties: false };
}

function jsonSchemaOf(holder: Json, components: Json): object | boolean | undefined {
  const schema = asObject(asObject(holder.content)['application/json']).schema;
  if (typeof schema === 'boolean') return schema;
  return typeof schema === 'object' && schema !== null ? (withDefs(schema, components) as object) : undefined;
}

/** The schema with component references rewritten to `#/$defs/…` and the components it uses attached. */
function withDefs(schema: unknown, components: Json): unknown {
  const used = new Set<string>();
  const defs: Json = {};
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(componentRef)) {
        const name = value.slice(componentRef.length);
        if (!used.has(name)) {
          used.add(name);
          defs[name] = rewrite(components[name]);
        }
        out.$ref = `#/$defs/${name}`;
      } else {
        out[key] = rewrite(value);
      }
    }
    return out;
  };
  const rewritten = rewrite(schema);
  return used.size === 0 ? rewritten : { ...asObject(rewritten), $defs: defs };
}

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
