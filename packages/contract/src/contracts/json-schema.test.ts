import { describe, expect, it } from 'vitest';
import { ContractLookupError } from './contract-error.ts';
import { library } from './fixture.test-support.ts';
import { jsonSchemaFor } from './json-schema.ts';

describe('jsonSchemaFor', () => {
  it('describes every operation part of a version', () => {
    const schemas = jsonSchemaFor(library, '2026-02-01');
    expect(schemas.contract).toBe('library');
    expect(schemas.version).toBe('2026-02-01');
    expect(Object.keys(schemas.operations)).toEqual(['getBook', 'borrowBook', 'listShelves']);
    const borrow = schemas.operations.borrowBook;
    expect(borrow).toMatchObject({
      method: 'post',
      path: '/books/{bookId}/loans',
      responseStatus: 201,
      query: undefined,
    });
    expect(borrow?.params).toMatchObject({ required: ['bookId'], additionalProperties: false });
    // Requests are described as callers send them: a defaulted field is optional.
    expect(borrow?.body).toMatchObject({ required: ['borrower'], properties: { duration: { default: 14 } } });
    expect(borrow?.body?.properties?.borrower).toMatchObject({
      properties: { personalIdentityNumber: { 'x-personal-data': true } },
    });
    expect(borrow?.response).toMatchObject({ required: ['loanId', 'duration'] });
    expect(schemas.operations.getBook?.response).toMatchObject({
      properties: { author: { type: 'object' } },
    });
    expect(jsonSchemaFor(library, '2026-01-01').operations.getBook?.response).toMatchObject({
      properties: { author: { type: 'string' } },
    });
  });

  it('is computed once per version and frozen', () => {
    const first = jsonSchemaFor(library, '2026-03-01');
    expect(jsonSchemaFor(library, '2026-03-01')).toBe(first);
    expect(Object.isFrozen(first.operations.getBook?.response)).toBe(true);
  });

  it('throws for an unknown version', () => {
    expect(() => jsonSchemaFor(library, '2030-01-01')).toThrow(ContractLookupError);
  });
});
