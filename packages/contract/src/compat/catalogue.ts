/**
 * The catalogue of edits the breaking-change rules are held to. Each entry is a tiny base/head pair and the
 * findings expected from it (rule, severity, path), so it doubles as documentation of what counts as breaking.
 * `catalogue.test.ts` runs every entry, and checks that every rule in `rules.ts` is shown by at least one.
 *
 * A schema edit replaces one part of a fixed operation (POST /cases/{id}); an API edit gives both descriptions.
 */
import type { RuleId, Severity } from './rules.ts';
import type { ApiDescription, ApiOperation, FindingLocation, JsonSchema } from './types.ts';

export interface ExpectedFinding {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly path: string;
  /** Defaults to the edited part (schema edits) or `operation` (API edits). */
  readonly location?: FindingLocation;
}

export type SchemaPart = 'request.params' | 'request.query' | 'request.body' | 'response.body';

export interface CatalogueEntry {
  /** The edit, in plain words. */
  readonly name: string;
  /** `breaking` when a client that worked before may fail; must agree with the expected findings. */
  readonly verdict: 'breaking' | 'non-breaking';
  readonly edit:
    | { readonly at: SchemaPart; readonly base: JsonSchema; readonly head: JsonSchema }
    | { readonly api: true; readonly base: ApiDescription; readonly head: ApiDescription };
  readonly expect: readonly ExpectedFinding[];
}

const breaking = (rule: RuleId, path = '', location?: FindingLocation): ExpectedFinding => ({
  rule,
  severity: 'breaking',
  path,
  ...(location && { location }),
});
const fine = (rule: RuleId, path = '', location?: FindingLocation): ExpectedFinding => ({
  rule,
  severity: 'non-breaking',
  path,
  ...(location && { location }),
});
const notice = (rule: RuleId, path = ''): ExpectedFinding => ({ rule, severity: 'notice', path });

/** An object schema; `required` lists the required properties. */
const object = (properties: Record<string, unknown>, required: string[] = [], extra: object = {}) => ({
  type: 'object',
  properties,
  required,
  ...extra,
});
/** An object with one required property, for edits to that property's schema. */
const field = (name: string, schema: unknown) => object({ [name]: schema }, [name]);

const operation = (overrides: Partial<ApiOperation> = {}): ApiOperation => ({
  method: 'POST',
  path: '/cases',
  request: { body: object({ title: { type: 'string' } }, ['title']) },
  response: { status: 201, body: object({ id: { type: 'string' } }, ['id']) },
  errors: { case_closed: { status: 409 } },
  ...overrides,
});
const api = (operations: Record<string, ApiOperation>): ApiDescription => ({ operations });

export const catalogue: readonly CatalogueEntry[] = [
  // Operations
  {
    name: 'An operation is removed',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ createCase: operation(), getCase: operation({ method: 'GET', path: '/cases/{id}' }) }),
      head: api({ createCase: operation() }),
    },
    expect: [{ ...breaking('operation-removed'), location: 'operation' }],
  },
  {
    name: 'A new operation is added',
    verdict: 'non-breaking',
    edit: {
      api: true,
      base: api({ createCase: operation() }),
      head: api({ createCase: operation(), listCases: operation({ method: 'GET' }) }),
    },
    expect: [fine('operation-added')],
  },
  {
    name: 'The method changes from POST to PUT',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ createCase: operation() }),
      head: api({ createCase: operation({ method: 'PUT' }) }),
    },
    expect: [breaking('operation-method-changed')],
  },
  {
    name: 'The path changes',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ createCase: operation() }),
      head: api({ createCase: operation({ path: '/applications' }) }),
    },
    expect: [breaking('operation-path-changed')],
  },
  {
    name: 'Only the name of a path placeholder (and its parameter) changes: the URL is the same',
    verdict: 'non-breaking',
    edit: {
      api: true,
      base: api({
        getCase: operation({
          method: 'GET',
          path: '/cases/{id}',
          request: { params: field('id', { type: 'string' }) },
        }),
      }),
      head: api({
        getCase: operation({
          method: 'GET',
          path: '/cases/:caseId',
          request: { params: field('caseId', { type: 'string' }) },
        }),
      }),
    },
    expect: [],
  },
  {
    name: 'The success status changes from 201 to 200',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ createCase: operation() }),
      head: api({
        createCase: operation({ response: { status: 200, body: field('id', { type: 'string' }) } }),
      }),
    },
    expect: [breaking('success-status-changed')],
  },
  {
    name: 'An operation without a body starts requiring one',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ closeCase: operation({ request: {} }) }),
      head: api({ closeCase: operation() }),
    },
    expect: [breaking('request-body-added', '', 'request.body')],
  },
  {
    name: 'An operation stops reading its body',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ closeCase: operation() }),
      head: api({ closeCase: operation({ request: {} }) }),
    },
    expect: [breaking('request-body-removed', '', 'request.body')],
  },
  {
    name: 'A documented error case is removed',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ createCase: operation() }),
      head: api({ createCase: operation({ errors: {} }) }),
    },
    expect: [breaking('error-removed', '/case_closed', 'errors')],
  },
  {
    name: 'The status of an error case changes',
    verdict: 'breaking',
    edit: {
      api: true,
      base: api({ createCase: operation() }),
      head: api({ createCase: operation({ errors: { case_closed: { status: 410 } } }) }),
    },
    expect: [breaking('error-status-changed', '/case_closed', 'errors')],
  },
  {
    name: 'A new error case is documented',
    verdict: 'non-breaking',
    edit: {
      api: true,
      base: api({ createCase: operation() }),
      head: api({
        createCase: operation({ errors: { case_closed: { status: 409 }, quota_exceeded: { status: 429 } } }),
      }),
    },
    expect: [fine('error-added', '/quota_exceeded', 'errors')],
  },

  // Request bodies: properties
  {
    name: 'An optional request property is added',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' } }, ['title']),
      head: object({ title: { type: 'string' }, phone: { type: 'string' } }, ['title']),
    },
    expect: [fine('request-property-added', '/properties/phone')],
  },
  {
    name: 'A required request property with no default is added',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' } }, ['title']),
      head: object({ title: { type: 'string' }, email: { type: 'string' } }, ['title', 'email']),
    },
    expect: [breaking('request-property-added-required', '/properties/email')],
  },
  {
    name: 'A required request property with a default is added (the server fills it in)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' } }, ['title']),
      head: object({ title: { type: 'string' }, language: { type: 'string', default: 'sv' } }, [
        'title',
        'language',
      ]),
    },
    expect: [fine('request-property-added', '/properties/language')],
  },
  {
    name: 'A nested request property becomes required',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('applicant', object({ name: { type: 'string' }, email: { type: 'string' } }, ['name'])),
      head: field(
        'applicant',
        object({ name: { type: 'string' }, email: { type: 'string' } }, ['name', 'email']),
      ),
    },
    expect: [breaking('request-property-became-required', '/properties/applicant/properties/email')],
  },
  {
    name: 'A request property becomes optional',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' }, note: { type: 'string' } }, ['title', 'note']),
      head: object({ title: { type: 'string' }, note: { type: 'string' } }, ['title']),
    },
    expect: [fine('request-property-became-optional', '/properties/note')],
  },
  {
    name: 'A property is removed from a closed request object (clients still send it and get rejected)',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' }, note: { type: 'string' } }, ['title'], {
        additionalProperties: false,
      }),
      head: object({ title: { type: 'string' } }, ['title'], { additionalProperties: false }),
    },
    expect: [breaking('request-property-removed', '/properties/note')],
  },
  {
    name: 'A property is removed from an open request object (still accepted, no longer read)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' }, note: { type: 'string' } }, ['title']),
      head: object({ title: { type: 'string' } }, ['title']),
    },
    expect: [fine('request-property-removed-still-accepted', '/properties/note')],
  },
  {
    name: 'A request object stops accepting unknown properties',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' } }, ['title']),
      head: object({ title: { type: 'string' } }, ['title'], { additionalProperties: false }),
    },
    expect: [breaking('request-additional-properties-disallowed')],
  },
  {
    name: 'A request object starts accepting unknown properties',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' } }, ['title'], { additionalProperties: false }),
      head: object({ title: { type: 'string' } }, ['title']),
    },
    expect: [fine('request-additional-properties-allowed')],
  },
  {
    name: 'The value type of a request map (record) changes',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('scores', { type: 'object', additionalProperties: { type: 'number' } }),
      head: field('scores', { type: 'object', additionalProperties: { type: 'string' } }),
    },
    expect: [breaking('request-type-changed', '/properties/scores/additionalProperties')],
  },

  // Request bodies: types, null, enumerations
  {
    name: 'A request field changes from string to number',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'string' }),
      head: field('amount', { type: 'number' }),
    },
    expect: [breaking('request-type-changed', '/properties/amount')],
  },
  {
    name: 'A request field narrows from number to integer',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'number' }),
      head: field('amount', { type: 'integer' }),
    },
    expect: [breaking('request-type-narrowed', '/properties/amount')],
  },
  {
    name: 'A request field widens from integer to number',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'integer' }),
      head: field('amount', { type: 'number' }),
    },
    expect: [fine('request-type-widened', '/properties/amount')],
  },
  {
    name: 'The item type of a request array changes',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('tags', { type: 'array', items: { type: 'string' } }),
      head: field('tags', { type: 'array', items: { type: 'integer' } }),
    },
    expect: [breaking('request-type-changed', '/properties/tags/items')],
  },
  {
    name: 'A request field no longer accepts null',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('note', { type: ['string', 'null'] }),
      head: field('note', { type: 'string' }),
    },
    expect: [breaking('request-nullable-removed', '/properties/note')],
  },
  {
    name: 'A request field accepts null (written the way zod writes nullable objects)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('note', { type: 'string' }),
      head: field('note', { anyOf: [{ type: 'string' }, { type: 'null' }] }),
    },
    expect: [fine('request-nullable-added', '/properties/note')],
  },
  {
    name: 'A value is removed from a request enumeration',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('channel', { type: 'string', enum: ['web', 'letter'] }),
      head: field('channel', { type: 'string', enum: ['web'] }),
    },
    expect: [breaking('request-enum-value-removed', '/properties/channel')],
  },
  {
    name: 'A value is added to a request enumeration',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('channel', { type: 'string', enum: ['web'] }),
      head: field('channel', { type: 'string', enum: ['web', 'app'] }),
    },
    expect: [fine('request-enum-value-added', '/properties/channel')],
  },
  {
    name: 'A free-text request field becomes an enumeration',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('channel', { type: 'string' }),
      head: field('channel', { type: 'string', enum: ['web', 'app'] }),
    },
    expect: [breaking('request-enum-added', '/properties/channel')],
  },
  {
    name: 'A request enumeration becomes free text',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('channel', { type: 'string', enum: ['web', 'app'] }),
      head: field('channel', { type: 'string' }),
    },
    expect: [fine('request-enum-removed', '/properties/channel')],
  },
  {
    name: 'The constant a request field must equal changes',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('schema', { type: 'string', const: 'v1' }),
      head: field('schema', { type: 'string', const: 'v2' }),
    },
    expect: [breaking('request-const-changed', '/properties/schema')],
  },
  {
    name: 'A request field is pinned to a constant',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('schema', { type: 'string' }),
      head: field('schema', { type: 'string', const: 'v2' }),
    },
    expect: [breaking('request-const-added', '/properties/schema')],
  },
  {
    name: 'A request field is no longer pinned to a constant',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('schema', { type: 'string', const: 'v1' }),
      head: field('schema', { type: 'string' }),
    },
    expect: [fine('request-const-removed', '/properties/schema')],
  },

  // Request bodies: constraints (stricter breaks, looser is fine)
  {
    name: 'A request number gets a higher minimum',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('age', { type: 'integer', minimum: 0 }),
      head: field('age', { type: 'integer', minimum: 18 }),
    },
    expect: [breaking('request-minimum-increased', '/properties/age')],
  },
  {
    name: 'A request minimum becomes exclusive at a lower value (the same integers: no finding)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('age', { type: 'integer', minimum: 18 }),
      head: field('age', { type: 'integer', exclusiveMinimum: 17 }),
    },
    expect: [],
  },
  {
    name: 'A request number loses its minimum',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'number', minimum: 0 }),
      head: field('amount', { type: 'number' }),
    },
    expect: [fine('request-minimum-decreased', '/properties/amount')],
  },
  {
    name: 'A request number gets an exclusive maximum',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'number', maximum: 100 }),
      head: field('amount', { type: 'number', exclusiveMaximum: 100 }),
    },
    expect: [breaking('request-maximum-decreased', '/properties/amount')],
  },
  {
    name: 'A request maximum is raised',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'number', maximum: 100 }),
      head: field('amount', { type: 'number', maximum: 1000 }),
    },
    expect: [fine('request-maximum-increased', '/properties/amount')],
  },
  {
    name: 'Request strings must be longer and shorter than before',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('name', { type: 'string', minLength: 1, maxLength: 200 }),
      head: field('name', { type: 'string', minLength: 2, maxLength: 100 }),
    },
    expect: [
      breaking('request-min-length-increased', '/properties/name'),
      breaking('request-max-length-decreased', '/properties/name'),
    ],
  },
  {
    name: 'Request string length limits are relaxed',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('name', { type: 'string', minLength: 2, maxLength: 100 }),
      head: field('name', { type: 'string', minLength: 1, maxLength: 200 }),
    },
    expect: [
      fine('request-min-length-decreased', '/properties/name'),
      fine('request-max-length-increased', '/properties/name'),
    ],
  },
  {
    name: 'Request arrays must have more items, and fewer at most',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('files', { type: 'array', items: { type: 'string' }, maxItems: 10 }),
      head: field('files', { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 }),
    },
    expect: [
      breaking('request-min-items-increased', '/properties/files'),
      breaking('request-max-items-decreased', '/properties/files'),
    ],
  },
  {
    name: 'Request array item limits are relaxed',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('files', { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 }),
      head: field('files', { type: 'array', items: { type: 'string' } }),
    },
    expect: [
      fine('request-min-items-decreased', '/properties/files'),
      fine('request-max-items-increased', '/properties/files'),
    ],
  },
  {
    name: 'Request maps must have more entries, and fewer at most',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('labels', { type: 'object', maxProperties: 20 }),
      head: field('labels', { type: 'object', minProperties: 1, maxProperties: 10 }),
    },
    expect: [
      breaking('request-min-properties-increased', '/properties/labels'),
      breaking('request-max-properties-decreased', '/properties/labels'),
    ],
  },
  {
    name: 'Request map size limits are relaxed',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('labels', { type: 'object', minProperties: 1, maxProperties: 10 }),
      head: field('labels', { type: 'object', maxProperties: 20 }),
    },
    expect: [
      fine('request-min-properties-decreased', '/properties/labels'),
      fine('request-max-properties-increased', '/properties/labels'),
    ],
  },
  {
    name: 'Request amounts must be whole kronor instead of öre (multipleOf 0.01 to 1)',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'number', multipleOf: 0.01 }),
      head: field('amount', { type: 'number', multipleOf: 1 }),
    },
    expect: [breaking('request-multiple-of-tightened', '/properties/amount')],
  },
  {
    name: 'Request amounts may have öre (multipleOf 1 to 0.01)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('amount', { type: 'number', multipleOf: 1 }),
      head: field('amount', { type: 'number', multipleOf: 0.01 }),
    },
    expect: [fine('request-multiple-of-relaxed', '/properties/amount')],
  },
  {
    name: 'The step of request numbers changes from 2 to 3',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('pack', { type: 'integer', multipleOf: 2 }),
      head: field('pack', { type: 'integer', multipleOf: 3 }),
    },
    expect: [breaking('request-multiple-of-changed', '/properties/pack')],
  },
  {
    name: 'A request string must now match a pattern',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('postcode', { type: 'string' }),
      head: field('postcode', { type: 'string', pattern: '^\\d{3} ?\\d{2}$' }),
    },
    expect: [breaking('request-pattern-added', '/properties/postcode')],
  },
  {
    name: 'A request string no longer has to match a pattern',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('postcode', { type: 'string', pattern: '^\\d{5}$' }),
      head: field('postcode', { type: 'string' }),
    },
    expect: [fine('request-pattern-removed', '/properties/postcode')],
  },
  {
    name: 'The pattern of a request string changes',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('postcode', { type: 'string', pattern: '^\\d{5}$' }),
      head: field('postcode', { type: 'string', pattern: '^\\d{3} \\d{2}$' }),
    },
    expect: [breaking('request-pattern-changed', '/properties/postcode')],
  },
  {
    name: 'A request string must now be an email address',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('contact', { type: 'string' }),
      head: field('contact', { type: 'string', format: 'email' }),
    },
    expect: [breaking('request-format-added', '/properties/contact')],
  },
  {
    name: 'A request string no longer needs a format',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('contact', { type: 'string', format: 'email' }),
      head: field('contact', { type: 'string' }),
    },
    expect: [fine('request-format-removed', '/properties/contact')],
  },
  {
    name: 'A request date becomes a date-time',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('from', { type: 'string', format: 'date' }),
      head: field('from', { type: 'string', format: 'date-time' }),
    },
    expect: [breaking('request-format-changed', '/properties/from')],
  },
  {
    name: 'Request array items must now be unique',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('tags', { type: 'array', items: { type: 'string' } }),
      head: field('tags', { type: 'array', items: { type: 'string' }, uniqueItems: true }),
    },
    expect: [breaking('request-unique-items-added', '/properties/tags')],
  },
  {
    name: 'Request array items may now repeat',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('tags', { type: 'array', items: { type: 'string' }, uniqueItems: true }),
      head: field('tags', { type: 'array', items: { type: 'string' } }),
    },
    expect: [fine('request-unique-items-removed', '/properties/tags')],
  },
  {
    name: 'A request tuple gets a third position',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('point', {
        type: 'array',
        prefixItems: [{ type: 'number' }, { type: 'number' }],
        items: false,
      }),
      head: field('point', {
        type: 'array',
        prefixItems: [{ type: 'number' }, { type: 'number' }, { type: 'number' }],
        items: false,
      }),
    },
    expect: [breaking('request-tuple-changed', '/properties/point')],
  },

  // Request bodies: unions
  {
    name: 'A kind of applicant clients could send is removed (discriminated oneOf)',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('applicant', {
        oneOf: [
          object({ kind: { const: 'person' }, name: { type: 'string' } }, ['kind', 'name']),
          object({ kind: { const: 'company' }, orgNo: { type: 'string' } }, ['kind', 'orgNo']),
        ],
      }),
      head: field('applicant', {
        oneOf: [object({ kind: { const: 'person' }, name: { type: 'string' } }, ['kind', 'name'])],
      }),
    },
    expect: [breaking('request-variant-removed', '/properties/applicant/oneOf/1')],
  },
  {
    name: 'A kind of applicant is added (discriminated oneOf)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('applicant', {
        oneOf: [
          object({ kind: { const: 'person' }, name: { type: 'string' } }, ['kind', 'name']),
          object({ kind: { const: 'company' }, orgNo: { type: 'string' } }, ['kind', 'orgNo']),
        ],
      }),
      head: field('applicant', {
        oneOf: [
          object({ kind: { const: 'person' }, name: { type: 'string' } }, ['kind', 'name']),
          object({ kind: { const: 'company' }, orgNo: { type: 'string' } }, ['kind', 'orgNo']),
          object({ kind: { const: 'association' }, orgNo: { type: 'string' } }, ['kind', 'orgNo']),
        ],
      }),
    },
    expect: [fine('request-variant-added', '/properties/applicant/oneOf/2')],
  },
  {
    name: 'One alternative of a request union gets a new required property (reported inside it)',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('applicant', {
        oneOf: [
          object({ kind: { const: 'person' }, name: { type: 'string' } }, ['kind', 'name']),
          object({ kind: { const: 'company' }, orgNo: { type: 'string' } }, ['kind', 'orgNo']),
        ],
      }),
      head: field('applicant', {
        oneOf: [
          object({ kind: { const: 'person' }, name: { type: 'string' } }, ['kind', 'name']),
          object({ kind: { const: 'company' }, orgNo: { type: 'string' }, vat: { type: 'string' } }, [
            'kind',
            'orgNo',
            'vat',
          ]),
        ],
      }),
    },
    expect: [breaking('request-property-added-required', '/properties/applicant/oneOf/1/properties/vat')],
  },
  {
    name: 'A request string field may also be a number (a union grows)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('reference', { type: 'string' }),
      head: field('reference', { anyOf: [{ type: 'string' }, { type: 'number' }] }),
    },
    expect: [fine('request-variant-added', '/properties/reference/anyOf/1')],
  },
  {
    name: 'A request anyOf becomes oneOf',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('reference', { anyOf: [{ type: 'string' }, { type: 'number' }] }),
      head: field('reference', { oneOf: [{ type: 'string' }, { type: 'number' }] }),
    },
    expect: [breaking('request-union-became-exclusive', '/properties/reference')],
  },
  {
    name: 'A request oneOf becomes anyOf',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('reference', { oneOf: [{ type: 'string' }, { type: 'number' }] }),
      head: field('reference', { anyOf: [{ type: 'string' }, { type: 'number' }] }),
    },
    expect: [fine('request-union-became-inclusive', '/properties/reference')],
  },

  {
    name: 'A oneOf alternative is widened so that two alternatives now overlap (values in both are rejected)',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('code', {
        oneOf: [
          { type: 'string', maxLength: 3 },
          { type: 'string', minLength: 5 },
        ],
      }),
      head: field('code', {
        oneOf: [
          { type: 'string', maxLength: 5 },
          { type: 'string', minLength: 5 },
        ],
      }),
    },
    expect: [
      fine('request-max-length-increased', '/properties/code/oneOf/0'),
      breaking('request-one-of-overlap', '/properties/code'),
    ],
  },

  // Request bodies: $ref, allOf, annotations
  {
    name: 'Only a description changes',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('title', { type: 'string', description: 'Title' }),
      head: field('title', { type: 'string', description: 'A short title for the case, shown to officers' }),
    },
    expect: [],
  },
  {
    name: 'An inline schema moves to $defs behind a $ref (same meaning)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: field('applicant', object({ name: { type: 'string' } }, ['name'])),
      head: {
        ...field('applicant', { $ref: '#/$defs/Applicant' }),
        $defs: { Applicant: object({ name: { type: 'string' } }, ['name']) },
      },
    },
    expect: [],
  },
  {
    name: 'A property inside a $ref-ed definition changes type (path follows the data, not $defs)',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: {
        $ref: '#/$defs/Case',
        $defs: {
          Case: field('applicant', { $ref: '#/$defs/Applicant' }),
          Applicant: field('name', { type: 'string' }),
        },
      },
      head: {
        $ref: '#/$defs/Case',
        $defs: {
          Case: field('applicant', { $ref: '#/$defs/Applicant' }),
          Applicant: field('name', { type: 'integer' }),
        },
      },
    },
    expect: [breaking('request-type-changed', '/properties/applicant/properties/name')],
  },
  {
    name: 'A recursive schema (a tree of sections) gets a required property in every node',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' }, sections: { type: 'array', items: { $ref: '#' } } }, [
        'title',
      ]),
      head: object(
        {
          title: { type: 'string' },
          level: { type: 'integer' },
          sections: { type: 'array', items: { $ref: '#' } },
        },
        ['title', 'level'],
      ),
    },
    expect: [breaking('request-property-added-required', '/properties/level')],
  },
  {
    name: 'An allOf "extends" pattern adds an optional property (merged and compared as one object)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' } }, ['title']),
      head: {
        allOf: [{ $ref: '#/$defs/Base' }, { type: 'object', properties: { note: { type: 'string' } } }],
        $defs: { Base: object({ title: { type: 'string' } }, ['title']) },
      },
    },
    expect: [fine('request-property-added', '/properties/note')],
  },
  {
    name: 'An allOf that cannot be merged (two patterns) changes: treated as breaking, with a reason',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('code', { allOf: [{ type: 'string', pattern: '^[A-Z]' }, { pattern: '\\d$' }] }),
      head: field('code', {
        allOf: [{ type: 'string', pattern: '^[A-Z]' }, { pattern: '\\d$' }, { minLength: 2 }],
      }),
    },
    expect: [breaking('request-not-comparable', '/properties/code')],
  },
  {
    name: 'A $ref that cannot be resolved: treated as breaking, never a crash',
    verdict: 'breaking',
    edit: {
      at: 'request.body',
      base: field('applicant', { type: 'object' }),
      head: field('applicant', { $ref: 'https://example.org/applicant.json' }),
    },
    expect: [breaking('request-not-comparable', '/properties/applicant')],
  },
  {
    name: 'The default of a request field changes (clients that omit it get other behaviour)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ language: { type: 'string', default: 'sv' } }),
      head: object({ language: { type: 'string', default: 'en' } }),
    },
    expect: [notice('request-default-changed', '/properties/language')],
  },
  {
    name: 'A request field is marked deprecated',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ fax: { type: 'string' } }),
      head: object({ fax: { type: 'string', deprecated: true } }),
    },
    expect: [notice('request-deprecated', '/properties/fax')],
  },

  // Path and query parameters
  {
    name: 'A required query parameter is added',
    verdict: 'breaking',
    edit: {
      at: 'request.query',
      base: object({}),
      head: object({ municipality: { type: 'string' } }, ['municipality']),
    },
    expect: [breaking('request-parameter-added-required', '/properties/municipality')],
  },
  {
    name: 'An optional query parameter is added',
    verdict: 'non-breaking',
    edit: { at: 'request.query', base: object({}), head: object({ page: { type: 'integer', minimum: 1 } }) },
    expect: [fine('request-parameter-added', '/properties/page')],
  },
  {
    name: 'An optional query parameter becomes required',
    verdict: 'breaking',
    edit: {
      at: 'request.query',
      base: object({ status: { type: 'string' } }),
      head: object({ status: { type: 'string' } }, ['status']),
    },
    expect: [breaking('request-parameter-became-required', '/properties/status')],
  },
  {
    name: 'A required query parameter becomes optional',
    verdict: 'non-breaking',
    edit: {
      at: 'request.query',
      base: object({ status: { type: 'string' } }, ['status']),
      head: object({ status: { type: 'string' } }),
    },
    expect: [fine('request-parameter-became-optional', '/properties/status')],
  },
  {
    name: 'A query parameter changes type',
    verdict: 'breaking',
    edit: {
      at: 'request.query',
      base: object({ since: { type: 'string', format: 'date' } }),
      head: object({ since: { type: 'integer' } }),
    },
    expect: [
      breaking('request-type-changed', '/properties/since'),
      fine('request-format-removed', '/properties/since'),
    ],
  },
  {
    name: 'A path parameter changes type from string to integer',
    verdict: 'breaking',
    edit: {
      at: 'request.params',
      base: field('id', { type: 'string' }),
      head: field('id', { type: 'integer' }),
    },
    expect: [breaking('request-type-changed', '/properties/id')],
  },
  {
    name: 'A query parameter is removed where unknown parameters are rejected',
    verdict: 'breaking',
    edit: {
      at: 'request.query',
      base: object({ page: { type: 'integer' } }, [], { additionalProperties: false }),
      head: object({}, [], { additionalProperties: false }),
    },
    expect: [breaking('request-parameter-removed', '/properties/page')],
  },
  {
    name: 'A query parameter is removed where unknown parameters are ignored',
    verdict: 'non-breaking',
    edit: { at: 'request.query', base: object({ page: { type: 'integer' } }), head: object({}) },
    expect: [fine('request-parameter-removed-still-accepted', '/properties/page')],
  },

  // Responses: properties
  {
    name: 'A response property is removed',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: object({ id: { type: 'string' }, status: { type: 'string' } }, ['id', 'status']),
      head: object({ id: { type: 'string' } }, ['id']),
    },
    expect: [breaking('response-property-removed', '/properties/status')],
  },
  {
    name: 'A new response property is added (even to a closed object: clients ignore unknown fields)',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: object({ id: { type: 'string' } }, ['id'], { additionalProperties: false }),
      head: object({ id: { type: 'string' }, createdAt: { type: 'string' } }, ['id', 'createdAt'], {
        additionalProperties: false,
      }),
    },
    expect: [fine('response-property-added', '/properties/createdAt')],
  },
  {
    name: 'A response property may now be missing',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: object({ id: { type: 'string' }, officer: { type: 'string' } }, ['id', 'officer']),
      head: object({ id: { type: 'string' }, officer: { type: 'string' } }, ['id']),
    },
    expect: [breaking('response-property-became-optional', '/properties/officer')],
  },
  {
    name: 'A response property is now always present',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: object({ id: { type: 'string' }, officer: { type: 'string' } }, ['id']),
      head: object({ id: { type: 'string' }, officer: { type: 'string' } }, ['id', 'officer']),
    },
    expect: [fine('response-property-became-required', '/properties/officer')],
  },
  {
    name: 'A response object may carry unlisted properties',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: object({ id: { type: 'string' } }, ['id'], { additionalProperties: false }),
      head: object({ id: { type: 'string' } }, ['id']),
    },
    expect: [fine('response-additional-properties-allowed')],
  },
  {
    name: 'A response object no longer carries unlisted properties',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: object({ id: { type: 'string' } }, ['id']),
      head: object({ id: { type: 'string' } }, ['id'], { additionalProperties: false }),
    },
    expect: [fine('response-additional-properties-disallowed')],
  },

  // Responses: types, null, enumerations
  {
    name: 'A response value widens from integer to number',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('fee', { type: 'integer' }),
      head: field('fee', { type: 'number' }),
    },
    expect: [breaking('response-type-widened', '/properties/fee')],
  },
  {
    name: 'A response value narrows from number to integer',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('fee', { type: 'number' }),
      head: field('fee', { type: 'integer' }),
    },
    expect: [fine('response-type-narrowed', '/properties/fee')],
  },
  {
    name: 'A response value changes from number to string',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('fee', { type: 'number' }),
      head: field('fee', { type: 'string' }),
    },
    expect: [breaking('response-type-changed', '/properties/fee')],
  },
  {
    name: 'A response value may now be null',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('decidedAt', { type: 'string' }),
      head: field('decidedAt', { type: ['string', 'null'] }),
    },
    expect: [breaking('response-nullable-added', '/properties/decidedAt')],
  },
  {
    name: 'A response value is never null any more',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('decidedAt', { anyOf: [{ type: 'string' }, { type: 'null' }] }),
      head: field('decidedAt', { type: 'string' }),
    },
    expect: [fine('response-nullable-removed', '/properties/decidedAt')],
  },
  {
    name: 'A new value appears in a response enumeration',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('status', { type: 'string', enum: ['received', 'decided'] }),
      head: field('status', { type: 'string', enum: ['received', 'in_review', 'decided'] }),
    },
    expect: [breaking('response-enum-value-added', '/properties/status')],
  },
  {
    name: 'A value is no longer sent in a response enumeration',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('status', { type: 'string', enum: ['received', 'in_review', 'decided'] }),
      head: field('status', { type: 'string', enum: ['received', 'decided'] }),
    },
    expect: [fine('response-enum-value-removed', '/properties/status')],
  },
  {
    name: 'A response enumeration becomes free text',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('status', { type: 'string', enum: ['received', 'decided'] }),
      head: field('status', { type: 'string' }),
    },
    expect: [breaking('response-enum-removed', '/properties/status')],
  },
  {
    name: 'A free-text response value is limited to an enumeration',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('status', { type: 'string' }),
      head: field('status', { type: 'string', enum: ['received', 'decided'] }),
    },
    expect: [fine('response-enum-added', '/properties/status')],
  },
  {
    name: 'The constant in a response changes',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('kind', { type: 'string', const: 'case' }),
      head: field('kind', { type: 'string', const: 'errand' }),
    },
    expect: [breaking('response-const-changed', '/properties/kind')],
  },
  {
    name: 'A response value that was constant may now vary',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('kind', { type: 'string', const: 'case' }),
      head: field('kind', { type: 'string' }),
    },
    expect: [breaking('response-const-removed', '/properties/kind')],
  },
  {
    name: 'A response value is now always one constant',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('kind', { type: 'string' }),
      head: field('kind', { type: 'string', const: 'case' }),
    },
    expect: [fine('response-const-added', '/properties/kind')],
  },

  // Responses: constraints (looser breaks, stricter is fine)
  {
    name: 'Response strings may be longer and shorter than before',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('summary', { type: 'string', minLength: 1, maxLength: 200 }),
      head: field('summary', { type: 'string', maxLength: 2000 }),
    },
    expect: [
      breaking('response-min-length-decreased', '/properties/summary'),
      breaking('response-max-length-increased', '/properties/summary'),
    ],
  },
  {
    name: 'Response strings have tighter length limits',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('summary', { type: 'string', maxLength: 2000 }),
      head: field('summary', { type: 'string', minLength: 1, maxLength: 200 }),
    },
    expect: [
      fine('response-min-length-increased', '/properties/summary'),
      fine('response-max-length-decreased', '/properties/summary'),
    ],
  },
  {
    name: 'Response numbers have a wider range',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('score', { type: 'integer', minimum: 0, maximum: 10 }),
      head: field('score', { type: 'integer', minimum: -10, maximum: 100 }),
    },
    expect: [
      breaking('response-minimum-decreased', '/properties/score'),
      breaking('response-maximum-increased', '/properties/score'),
    ],
  },
  {
    name: 'Response numbers have a narrower range',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('score', { type: 'integer' }),
      head: field('score', { type: 'integer', minimum: 0, maximum: 10 }),
    },
    expect: [
      fine('response-minimum-increased', '/properties/score'),
      fine('response-maximum-decreased', '/properties/score'),
    ],
  },
  {
    name: 'Response arrays may hold fewer and more items than before',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('decisions', { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 }),
      head: field('decisions', { type: 'array', items: { type: 'string' } }),
    },
    expect: [
      breaking('response-min-items-decreased', '/properties/decisions'),
      breaking('response-max-items-increased', '/properties/decisions'),
    ],
  },
  {
    name: 'Response arrays have tighter item limits',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('decisions', { type: 'array', items: { type: 'string' } }),
      head: field('decisions', { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 }),
    },
    expect: [
      fine('response-min-items-increased', '/properties/decisions'),
      fine('response-max-items-decreased', '/properties/decisions'),
    ],
  },
  {
    name: 'Response maps may hold fewer and more entries than before',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('labels', { type: 'object', minProperties: 1, maxProperties: 5 }),
      head: field('labels', { type: 'object' }),
    },
    expect: [
      breaking('response-min-properties-decreased', '/properties/labels'),
      breaking('response-max-properties-increased', '/properties/labels'),
    ],
  },
  {
    name: 'Response maps have tighter size limits',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('labels', { type: 'object' }),
      head: field('labels', { type: 'object', minProperties: 1, maxProperties: 5 }),
    },
    expect: [
      fine('response-min-properties-increased', '/properties/labels'),
      fine('response-max-properties-decreased', '/properties/labels'),
    ],
  },
  {
    name: 'Response amounts may now have öre',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('fee', { type: 'number', multipleOf: 1 }),
      head: field('fee', { type: 'number', multipleOf: 0.01 }),
    },
    expect: [breaking('response-multiple-of-relaxed', '/properties/fee')],
  },
  {
    name: 'Response amounts are now whole kronor',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('fee', { type: 'number' }),
      head: field('fee', { type: 'number', multipleOf: 1 }),
    },
    expect: [fine('response-multiple-of-tightened', '/properties/fee')],
  },
  {
    name: 'The step of response numbers changes from 2 to 3',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('pack', { type: 'integer', multipleOf: 2 }),
      head: field('pack', { type: 'integer', multipleOf: 3 }),
    },
    expect: [breaking('response-multiple-of-changed', '/properties/pack')],
  },
  {
    name: 'A response string no longer follows its pattern',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('caseNo', { type: 'string', pattern: '^KS-\\d+$' }),
      head: field('caseNo', { type: 'string' }),
    },
    expect: [breaking('response-pattern-removed', '/properties/caseNo')],
  },
  {
    name: 'A response string now follows a pattern',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('caseNo', { type: 'string' }),
      head: field('caseNo', { type: 'string', pattern: '^KS-\\d+$' }),
    },
    expect: [fine('response-pattern-added', '/properties/caseNo')],
  },
  {
    name: 'The pattern of a response string changes',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('caseNo', { type: 'string', pattern: '^KS-\\d+$' }),
      head: field('caseNo', { type: 'string', pattern: '^KS\\d{4}-\\d+$' }),
    },
    expect: [breaking('response-pattern-changed', '/properties/caseNo')],
  },
  {
    name: 'A response string loses its format',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('createdAt', { type: 'string', format: 'date-time' }),
      head: field('createdAt', { type: 'string' }),
    },
    expect: [breaking('response-format-removed', '/properties/createdAt')],
  },
  {
    name: 'A response string gains a format',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('createdAt', { type: 'string' }),
      head: field('createdAt', { type: 'string', format: 'date-time' }),
    },
    expect: [fine('response-format-added', '/properties/createdAt')],
  },
  {
    name: 'A response number changes format from int32 to int64 (OpenAPI formats)',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('count', { type: 'integer', format: 'int32' }),
      head: field('count', { type: 'integer', format: 'int64' }),
    },
    expect: [breaking('response-format-changed', '/properties/count')],
  },
  {
    name: 'Response array items may now repeat',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('tags', { type: 'array', items: { type: 'string' }, uniqueItems: true }),
      head: field('tags', { type: 'array', items: { type: 'string' } }),
    },
    expect: [breaking('response-unique-items-removed', '/properties/tags')],
  },
  {
    name: 'Response array items are now unique',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('tags', { type: 'array', items: { type: 'string' } }),
      head: field('tags', { type: 'array', items: { type: 'string' }, uniqueItems: true }),
    },
    expect: [fine('response-unique-items-added', '/properties/tags')],
  },
  {
    name: 'A response tuple loses a position',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('point', { type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }] }),
      head: field('point', { type: 'array', prefixItems: [{ type: 'number' }] }),
    },
    expect: [breaking('response-tuple-changed', '/properties/point')],
  },

  // Responses: unions, annotations, the unanalysable
  {
    name: 'A new kind of decision may appear in the response (oneOf grows)',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('decision', {
        oneOf: [
          object({ outcome: { const: 'granted' } }, ['outcome']),
          object({ outcome: { const: 'refused' }, reason: { type: 'string' } }, ['outcome', 'reason']),
        ],
      }),
      head: field('decision', {
        oneOf: [
          object({ outcome: { const: 'granted' } }, ['outcome']),
          object({ outcome: { const: 'refused' }, reason: { type: 'string' } }, ['outcome', 'reason']),
          object({ outcome: { const: 'partly_granted' } }, ['outcome']),
        ],
      }),
    },
    expect: [breaking('response-variant-added', '/properties/decision/oneOf/2')],
  },
  {
    name: 'A kind of decision is no longer sent (oneOf shrinks)',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('decision', {
        oneOf: [
          object({ outcome: { const: 'granted' } }, ['outcome']),
          object({ outcome: { const: 'refused' }, reason: { type: 'string' } }, ['outcome', 'reason']),
        ],
      }),
      head: field('decision', { oneOf: [object({ outcome: { const: 'granted' } }, ['outcome'])] }),
    },
    expect: [fine('response-variant-removed', '/properties/decision/oneOf/1')],
  },
  {
    name: 'A response oneOf with overlapping alternatives changes (a value once in two may now be sent)',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('code', {
        oneOf: [
          { type: 'string', maxLength: 5 },
          { type: 'string', minLength: 5 },
        ],
      }),
      head: field('code', {
        oneOf: [
          { type: 'string', maxLength: 4 },
          { type: 'string', minLength: 5 },
        ],
      }),
    },
    expect: [
      fine('response-max-length-decreased', '/properties/code/oneOf/0'),
      breaking('response-one-of-overlap', '/properties/code'),
    ],
  },
  {
    name: 'An optional request property becomes required but has a default (the server fills it in)',
    verdict: 'non-breaking',
    edit: {
      at: 'request.body',
      base: object({ title: { type: 'string' }, language: { type: 'string', default: 'sv' } }, ['title']),
      head: object({ title: { type: 'string' }, language: { type: 'string', default: 'sv' } }, [
        'title',
        'language',
      ]),
    },
    expect: [],
  },
  {
    name: 'A response oneOf becomes anyOf',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('reference', { oneOf: [{ type: 'string' }, { type: 'integer' }] }),
      head: field('reference', { anyOf: [{ type: 'string' }, { type: 'integer' }] }),
    },
    expect: [breaking('response-union-became-inclusive', '/properties/reference')],
  },
  {
    name: 'A response anyOf becomes oneOf',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('reference', { anyOf: [{ type: 'string' }, { type: 'integer' }] }),
      head: field('reference', { oneOf: [{ type: 'string' }, { type: 'integer' }] }),
    },
    expect: [fine('response-union-became-exclusive', '/properties/reference')],
  },
  {
    name: 'The documented default of a response value changes',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('priority', { type: 'string', default: 'normal' }),
      head: field('priority', { type: 'string', default: 'low' }),
    },
    expect: [notice('response-default-changed', '/properties/priority')],
  },
  {
    name: 'A response property is marked deprecated',
    verdict: 'non-breaking',
    edit: {
      at: 'response.body',
      base: field('legacyNo', { type: 'string' }),
      head: field('legacyNo', { type: 'string', deprecated: true }),
    },
    expect: [notice('response-deprecated', '/properties/legacyNo')],
  },
  {
    name: 'A "not" constraint in a response changes: not analysed, so treated as breaking',
    verdict: 'breaking',
    edit: {
      at: 'response.body',
      base: field('code', { type: 'string', not: { const: '' } }),
      head: field('code', { type: 'string', not: { const: 'x' } }),
    },
    expect: [breaking('response-not-comparable', '/properties/code')],
  },
];
