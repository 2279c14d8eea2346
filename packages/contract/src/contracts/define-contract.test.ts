import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ContractDefinition } from './contract.ts';
import { ContractDefinitionError, ContractError } from './contract-error.ts';
import { defineContract } from './define-contract.ts';
import {
  addShelves,
  authorObject,
  borrowBook,
  getBook,
  library,
  listShelves,
  renameDays,
} from './fixture.test-support.ts';
import type { Operation } from './operation.ts';
import type { VersionChange, VersionDefinition } from './version.ts';

const text = { sv: 'Text', en: 'Text' };

/** A fresh, valid, loosely typed definition that each test bends one way. */
function base() {
  return {
    name: 'library',
    title: text,
    description: text,
    operations: [getBook, borrowBook, listShelves] as Operation[],
    versions: [
      { version: '2026-03-01', stability: 'beta', changes: [renameDays] },
      { version: '2026-02-01', stability: 'stable', changes: [addShelves, authorObject] },
      {
        version: '2026-01-01',
        stability: 'stable',
        deprecated: '2026-02-15',
        sunset: '2026-06-01',
        changes: [],
      },
    ] as VersionDefinition[],
  } satisfies ContractDefinition;
}

function problemsOf(definition: ContractDefinition): readonly string[] {
  try {
    defineContract(definition);
  } catch (error) {
    if (error instanceof ContractDefinitionError) return error.problems;
    throw error;
  }
  return [];
}

const withVersion = (index: number, patch: Partial<VersionDefinition>) => {
  const definition = base();
  definition.versions[index] = { ...(definition.versions[index] as VersionDefinition), ...patch };
  return definition;
};

const withOperation = (index: number, patch: Partial<Operation>) => {
  const definition = base();
  definition.operations[index] = { ...(definition.operations[index] as Operation), ...patch };
  return definition;
};

const change = (operations: VersionChange['operations'], id = 'some-change'): VersionChange => ({
  id,
  description: text,
  sideEffects: false,
  operations,
});

describe('defineContract: definition-time validation', () => {
  it('accepts the fixture', () => {
    expect(problemsOf(base())).toEqual([]);
  });

  it('reports every problem at once, in one error with a readable message', () => {
    const definition = withVersion(0, { version: '2026-13-01' });
    definition.name = 'Library';
    let caught: unknown;
    try {
      defineContract(definition);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractDefinitionError);
    expect(ContractError.is(caught)).toBe(true);
    const error = caught as ContractDefinitionError;
    expect(error.code).toBe('invalid_definition');
    expect(error.problems).toEqual([
      'The contract name must be kebab-case.',
      'Version "2026-13-01": the version must be a real date written YYYY-MM-DD.',
    ]);
    expect(error.message).toContain(
      'Contract "Library" is invalid:\n- The contract name must be kebab-case.',
    );
  });

  it.each([
    [
      'an impossible date',
      withVersion(1, { version: '2026-02-30' }),
      'Version "2026-02-30": the version must be a real date written YYYY-MM-DD.',
    ],
    [
      'dates out of order',
      withVersion(1, { version: '2026-04-01' }),
      'Version "2026-04-01": versions must be listed newest first, each older than "2026-03-01".',
    ],
    [
      'an unknown stability',
      withVersion(1, { stability: 'alpha' as never }),
      'Version "2026-02-01": stability must be one of beta, stable.',
    ],
    [
      'a bad deprecation date',
      withVersion(2, { deprecated: 'soon' }),
      'Version "2026-01-01": deprecated must be an ISO date (YYYY-MM-DD) or a date-time with a zone.',
    ],
    [
      'a sunset before deprecation',
      withVersion(2, { sunset: '2026-02-01' }),
      'Version "2026-01-01": the sunset must not be before the deprecation date.',
    ],
    [
      'a sunset without deprecation',
      withVersion(2, { deprecated: undefined }),
      'Version "2026-01-01": a sunset needs a deprecation date first.',
    ],
    [
      'a sunset on the head',
      withVersion(0, { deprecated: '2026-05-01', sunset: '2026-09-01' }),
      'Version "2026-03-01": the head version cannot have a sunset.',
    ],
    [
      'changes on the oldest version',
      withVersion(2, { changes: [change({ getBook: { down: (b) => b } })] }),
      'Version "2026-01-01": the oldest version cannot have changes: there is nothing older to change from.',
    ],
    [
      'a change naming an unknown operation',
      withVersion(0, { changes: [renameDays, change({ getBok: { down: (b: unknown) => b } } as never)] }),
      'Version "2026-03-01", change "some-change": there is no operation "getBok".',
    ],
    [
      'a change id used twice',
      withVersion(0, { changes: [renameDays, { ...authorObject }] }),
      'Version "2026-02-01", change "author-object": the id is used twice.',
    ],
    [
      'a change touching nothing',
      withVersion(0, { changes: [renameDays, change({})] }),
      'Version "2026-03-01", change "some-change": it touches no operation.',
    ],
    [
      'an empty operation change',
      withVersion(0, { changes: [renameDays, change({ getBook: {} })] }),
      'Version "2026-03-01", change "some-change", operation "getBook": the change does nothing.',
    ],
    [
      'a misspelt change field',
      withVersion(0, { changes: [renameDays, change({ getBook: { dwon: (b: unknown) => b } as never })] }),
      'Version "2026-03-01", change "some-change", operation "getBook": unknown field "dwon".',
    ],
    [
      '"added" with transforms',
      withVersion(1, { changes: [change({ listShelves: { added: true, down: (b) => b } }), authorObject] }),
      'Version "2026-02-01", change "some-change", operation "listShelves": an added operation has no older shape, so "added" stands alone.',
    ],
  ])('rejects %s', (_, definition, problem) => {
    expect(problemsOf(definition)).toContain(problem);
  });

  it.each([
    [
      'a non-camelCase id',
      withOperation(0, { id: 'get-book' }),
      'Operation "get-book": the id must be camelCase.',
    ],
    [
      'a duplicate id',
      withOperation(2, { ...listShelves, id: 'getBook', path: '/other' }),
      'Operation "getBook": the id is used twice.',
    ],
    [
      'a malformed path',
      withOperation(0, { path: '/books/{book id}' }),
      'Operation "getBook": the path has an invalid segment "{book id}" (use letters, digits, "-._~", or a whole-segment {camelCaseName}).',
    ],
    [
      'a clashing route',
      withOperation(2, {
        path: '/books/{other}',
        request: { params: z.strictObject({ other: z.string() }) },
      }),
      'Operation "listShelves": get /books/{} is already served by "getBook".',
    ],
    [
      'a get with a body',
      withOperation(0, { request: { ...getBook.request, body: z.strictObject({}) } }),
      'Operation "getBook": a get operation cannot take a body.',
    ],
    [
      'a non-2xx response',
      withOperation(0, { response: { ...getBook.response, status: 404 } }),
      'Operation "getBook": the response status must be a 2xx status.',
    ],
    [
      'a bad error code',
      withOperation(0, { errors: { BookNotFound: { status: 404, title: text } } }),
      'Operation "getBook", error "BookNotFound": the code must be snake_case.',
    ],
    [
      'an error with a success status',
      withOperation(0, { errors: { book_not_found: { status: 200, title: text } } }),
      'Operation "getBook", error "book_not_found": the status must be 400–599.',
    ],
    [
      'a missing Swedish text',
      withOperation(0, { summary: { sv: '', en: 'Get' } }),
      'Operation "getBook": the summary needs non-empty Swedish (sv) and English (en) texts.',
    ],
  ])('rejects an operation with %s', (_, definition, problem) => {
    expect(problemsOf(definition)).toContain(problem);
  });

  it('checks every version’s derived schemas: params against the path, strict requests, stripping responses', () => {
    const definition = base();
    definition.versions[0] = {
      version: '2026-03-01',
      stability: 'beta',
      changes: [
        renameDays,
        change({
          getBook: {
            request: (newer) => ({ ...newer, params: z.strictObject({ id: z.string() }) }),
            response: () => z.strictObject({ bookId: z.string() }),
          },
          listShelves: { request: () => ({ query: z.object({ floor: z.string() }) }) },
        }),
      ],
    };
    expect(problemsOf(definition)).toEqual([
      'Version "2026-02-01", operation "getBook": the params schema declares {id} but the path /books/{bookId} has {bookId}.',
      'Version "2026-02-01", operation "getBook": the response object at $ must strip unknown keys (plain z.object).',
      'Version "2026-02-01", operation "listShelves": the request query object at $ must be strict (z.strictObject).',
      // The older versions inherit the same schemas, so they are reported too.
      'Version "2026-01-01", operation "getBook": the params schema declares {id} but the path /books/{bookId} has {bookId}.',
      'Version "2026-01-01", operation "getBook": the response object at $ must strip unknown keys (plain z.object).',
    ]);
  });

  it('finds loose objects deep inside the head request', () => {
    const definition = withOperation(1, {
      request: {
        ...borrowBook.request,
        body: z.strictObject({
          borrower: z.array(z.object({ name: z.string() }).optional()),
          days: z.number(),
        }),
      },
    });
    expect(problemsOf(definition)).toContain(
      'Version "2026-03-01", operation "borrowBook": the request body object at $.borrower[*] must be strict (z.strictObject).',
    );
  });

  it('refuses changes to an operation below the version that added it', () => {
    const definition = withVersion(1, {
      changes: [addShelves, authorObject, change({ listShelves: { down: (b) => b } }, 'late')],
    });
    expect(problemsOf(definition)).toContain(
      'Version "2026-02-01", change "late", operation "listShelves": the operation does not exist at this point (it was added in "2026-02-01").',
    );
  });

  it('reports a schema edit that throws, with the change and operation it belongs to', () => {
    const definition = withVersion(0, {
      changes: [
        renameDays,
        change({
          getBook: {
            response: () => {
              throw new Error('no such field');
            },
          },
        }),
      ],
    });
    expect(problemsOf(definition)).toContain(
      'Version "2026-03-01", change "some-change", operation "getBook": a schema edit failed: no such field.',
    );
  });

  it('requires every head error code to reach a code each older version defines', () => {
    const definition = withVersion(0, {
      changes: [
        {
          ...renameDays,
          operations: { borrowBook: { ...renameDays.operations.borrowBook, downError: undefined } },
        },
      ],
    });
    // Without the mapping, "book_damaged" (removed from older versions by the errors edit) has nowhere to go.
    expect(problemsOf(definition)).toEqual([
      'Version "2026-02-01", operation "borrowBook": the head error "book_damaged" becomes "book_damaged", which this version does not define (add a downError mapping).',
      'Version "2026-01-01", operation "borrowBook": the head error "book_damaged" becomes "book_damaged", which this version does not define (add a downError mapping).',
    ]);
  });
});

describe('defineContract: resolution and lookup', () => {
  it('lists versions newest first with the head first', () => {
    expect(library.versionIds).toEqual(['2026-03-01', '2026-02-01', '2026-01-01']);
    expect(library.head.version).toBe('2026-03-01');
    expect(library.head.isHead).toBe(true);
    expect(library.versions.map((v) => v.isHead)).toEqual([true, false, false]);
    expect(library.resolve('2026-02-01')?.stability).toBe('stable');
    expect(library.resolve('2025-01-01')).toBeUndefined();
  });

  it('derives each version’s schemas from the head by the schema edits above it', () => {
    const borrowBodyAt = (version: string) => library.operation(version, 'borrowBook')?.request.body;
    expect(
      borrowBodyAt('2026-03-01')?.safeParse({ borrower: { personalIdentityNumber: '191212121212' }, days: 3 })
        .success,
    ).toBe(true);
    expect(
      borrowBodyAt('2026-02-01')?.safeParse({
        borrower: { personalIdentityNumber: '191212121212' },
        duration: 3,
      }).success,
    ).toBe(true);
    expect(
      borrowBodyAt('2026-02-01')?.safeParse({ borrower: { personalIdentityNumber: '191212121212' }, days: 3 })
        .success,
    ).toBe(false);
    const authorAt = (version: string) =>
      library
        .operation(version, 'getBook')
        ?.response.body.safeParse({ bookId: 'b1', title: 'T', author: 'Astrid' }).success;
    expect([authorAt('2026-03-01'), authorAt('2026-02-01'), authorAt('2026-01-01')]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('leaves an operation out of versions older than the one that added it', () => {
    expect(library.operation('2026-02-01', 'listShelves')?.since).toBe('2026-02-01');
    expect(library.operation('2026-01-01', 'listShelves')).toBeUndefined();
    expect(library.operation('2026-01-01', 'getBook')?.since).toBe('2026-01-01');
  });

  it('applies error-catalogue edits per version', () => {
    expect(Object.keys(library.operation('2026-03-01', 'borrowBook')?.errors ?? {})).toEqual([
      'book_unavailable',
      'book_damaged',
    ]);
    expect(Object.keys(library.operation('2026-02-01', 'borrowBook')?.errors ?? {})).toEqual([
      'book_unavailable',
    ]);
  });

  it('precomputes lifecycle instants', () => {
    const oldest = library.resolve('2026-01-01');
    expect(oldest?.deprecatedAt).toBe(Date.UTC(2026, 1, 15));
    expect(oldest?.sunsetAt).toBe(Date.UTC(2026, 5, 1));
    expect(library.head.deprecatedAt).toBeUndefined();
  });

  it('keeps the head operations as written, by id', () => {
    expect(library.operations.getBook).toBe(getBook);
    expect(Object.keys(library.operations)).toEqual(['getBook', 'borrowBook', 'listShelves']);
  });

  it('routes (method, path) to the operation at a version, with decoded params', () => {
    const found = library.match('2026-03-01', 'POST', '/books/b12/loans');
    expect(found?.kind === 'found' && found.operation.id).toBe('borrowBook');
    expect(found?.kind === 'found' && found.params).toEqual({ bookId: 'b12' });
    const decoded = library.match('2026-03-01', 'get', '/books/b%2012');
    expect(decoded?.kind === 'found' && decoded.params).toEqual({ bookId: 'b 12' });
    expect(library.match('2026-03-01', 'delete', '/books/b1')).toEqual({
      kind: 'method_not_allowed',
      allow: ['get'],
    });
    expect(library.match('2026-03-01', 'get', '/books')).toBeUndefined();
    expect(library.match('2026-03-01', 'get', '/books/b1/')).toBeUndefined();
    // listShelves does not exist at the oldest version, so neither does its route.
    expect(library.match('2026-02-01', 'get', '/shelves')?.kind).toBe('found');
    expect(library.match('2026-01-01', 'get', '/shelves')).toBeUndefined();
    expect(library.match('1999-01-01', 'get', '/shelves')).toBeUndefined();
  });

  it('freezes what it returns', () => {
    expect(Object.isFrozen(library)).toBe(true);
    expect(Object.isFrozen(library.head)).toBe(true);
    expect(Object.isFrozen(library.operation('2026-01-01', 'getBook'))).toBe(true);
  });
});
