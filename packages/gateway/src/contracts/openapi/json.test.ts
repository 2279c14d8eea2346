import { describe, expect, it } from 'vitest';
import { apiDescriptionFromOpenApi } from './api-description.ts';
import { firstDifference } from './json-diff.ts';
import { stableJson } from './stable-json.ts';

describe('stableJson', () => {
  it('sorts keys at every level, keeps array order, indents two spaces and ends with a newline', () => {
    expect(stableJson({ b: 1, a: { d: [3, 1], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      1\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});

describe('firstDifference', () => {
  it('names the first differing place as a JSON pointer, escaping ~ and /', () => {
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined();
    expect(firstDifference({ paths: { '/x': { a: 1, b: 2 } } }, { paths: { '/x': { a: 1, b: 3 } } })).toBe(
      '#/paths/~1x/b',
    );
    expect(firstDifference({ 'a~b': [1, 2] }, { 'a~b': [1] })).toBe('#/a~0b/1');
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 })).toBe('#/b');
    expect(firstDifference({ a: { b: 1 } }, { a: [1] })).toBe('#/a');
  });
});

describe('apiDescriptionFromOpenApi', () => {
  it('gathers parameters into strict objects and carries component references along as $defs', () => {
    const description = apiDescriptionFromOpenApi({
      paths: {
        '/x/{id}': {
          get: {
            operationId: 'getX',
            parameters: [
              { in: 'path', name: 'id', required: true, schema: { type: 'string' } },
              { in: 'query', name: 'q', schema: { type: 'integer' } },
              { in: 'header', name: 'brygga-version', schema: { type: 'string' } },
            ],
            responses: {
              '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/X' } } } },
              '404': { content: { 'application/problem+json': { schema: {} } } },
            },
            'x-brygga-errors': { x_not_found: { status: 404, title: { sv: 'a', en: 'b' } } },
          },
        },
      },
      components: {
        schemas: {
          X: { type: 'object', properties: { y: { $ref: '#/components/schemas/Y' } } },
          Y: { type: 'string' },
        },
      },
    });
    expect(description.operations.getX).toEqual({
      method: 'get',
      path: '/x/{id}',
      request: {
        params: {
          type: 'object',
          properties: { id: { type: 'string' } },
          required: ['id'],
          additionalProperties: false,
        },
        query: {
          type: 'object',
          properties: { q: { type: 'integer' } },
          required: [],
          additionalProperties: false,
        },
      },
      response: {
        status: 200,
        body: {
          $ref: '#/$defs/X',
          $defs: { X: { type: 'object', properties: { y: { $ref: '#/$defs/Y' } } }, Y: { type: 'string' } },
        },
      },
      errors: { x_not_found: { status: 404 } },
    });
  });
});
