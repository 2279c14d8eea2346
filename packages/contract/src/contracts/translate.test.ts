import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContractLookupError, ContractMigrationError } from './contract-error.ts';
import { defineContract } from './define-contract.ts';
import { authorObject, getBook, library, libraryDefinition } from './fixture.test-support.ts';
import { editObjectAt } from './schema-edit.ts';
import { translateErrorCode, translateRequest, translateResponse } from './translate.ts';

const pin = '191212121212';

describe('translateRequest', () => {
  it('validates at the pinned version, migrates up and validates at head', () => {
    const result = translateRequest(library, '2026-01-01', 'borrowBook', {
      params: { bookId: 'b7' },
      body: { borrower: { personalIdentityNumber: pin }, duration: 21 },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        params: { bookId: 'b7' },
        query: {},
        body: { borrower: { personalIdentityNumber: pin }, days: 21 },
      },
    });
  });

  it('applies the pinned version’s defaults before migrating', () => {
    const result = translateRequest(library, '2026-02-01', 'borrowBook', {
      params: { bookId: 'b7' },
      body: { borrower: { personalIdentityNumber: pin } },
    });
    expect(result.ok && result.value.body).toEqual({ borrower: { personalIdentityNumber: pin }, days: 14 });
  });

  it('types the head request when the operation id is a literal', () => {
    const result = translateRequest(library, '2026-03-01', 'borrowBook', {
      params: { bookId: 'b1' },
      body: { borrower: { personalIdentityNumber: pin }, days: 2 },
    });
    if (!result.ok) throw new Error('expected a valid request');
    const days: number = result.value.body.days;
    const bookId: string = result.value.params.bookId;
    expect([days, bookId]).toEqual([2, 'b1']);
  });

  it('refuses a field the pinned version does not know, even one a newer version has', () => {
    const result = translateRequest(library, '2026-02-01', 'borrowBook', {
      params: { bookId: 'b7' },
      body: { borrower: { personalIdentityNumber: pin }, days: 3 },
    });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: ['body', 'days'], code: 'unrecognized_key', message: 'Unknown field.' }],
    });
  });

  it('reports issues in every part, and refuses parts the operation does not take', () => {
    const result = translateRequest(library, '2026-03-01', 'getBook', {
      params: { bookId: 'nope', extra: 'x' },
      query: { q: 'x' },
      body: {},
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['params.bookId', 'invalid_format'],
      ['params.extra', 'unrecognized_key'],
      ['query.q', 'unrecognized_key'],
      ['body', 'unexpected_body'],
    ]);
  });

  it('never puts input values into issues', () => {
    const borrower = fc.record(
      { personalIdentityNumber: fc.string(), extra: fc.string() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 4 }),
        fc.record({ borrower, duration: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
        (secret, body) => {
          const marked = { ...body, borrower: { ...body.borrower, personalIdentityNumber: `${secret}!` } };
          const result = translateRequest(library, '2026-01-01', 'borrowBook', {
            params: { bookId: secret },
            body: marked,
          });
          expect(result.ok).toBe(false);
          expect(JSON.stringify(result)).not.toContain(JSON.stringify(`${secret}!`).slice(1, -1));
        },
      ),
    );
  });

  it('throws a ContractMigrationError when a change produces something the head rejects', () => {
    const broken = defineContract({
      ...libraryDefinition,
      versions: [
        {
          ...libraryDefinition.versions[0],
          changes: [
            {
              ...libraryDefinition.versions[0].changes[0],
              operations: {
                borrowBook: {
                  ...libraryDefinition.versions[0].changes[0].operations.borrowBook,
                  up: (older) => older,
                },
              },
            },
          ],
        },
        libraryDefinition.versions[1],
        libraryDefinition.versions[2],
      ],
    });
    const attempt = () =>
      translateRequest(broken, '2026-01-01', 'borrowBook', {
        params: { bookId: 'b1' },
        body: { borrower: { personalIdentityNumber: pin }, duration: 3 },
      });
    expect(attempt).toThrow(ContractMigrationError);
    try {
      attempt();
    } catch (error) {
      const failure = (error as ContractMigrationError).failure;
      expect(failure).toMatchObject({
        contract: 'library',
        version: '2026-01-01',
        operationId: 'borrowBook',
        direction: 'request',
      });
      expect(failure.issues?.map((issue) => issue.path.join('.'))).toEqual(['body.duration']);
      expect((error as Error).message).not.toContain(pin);
    }
  });

  it('wraps a throwing transform, naming the change', () => {
    const throwing = defineContract({
      ...libraryDefinition,
      versions: [
        {
          ...libraryDefinition.versions[0],
          changes: [
            {
              ...libraryDefinition.versions[0].changes[0],
              operations: {
                borrowBook: {
                  ...libraryDefinition.versions[0].changes[0].operations.borrowBook,
                  up: () => {
                    throw new TypeError('boom');
                  },
                },
              },
            },
          ],
        },
        libraryDefinition.versions[1],
        libraryDefinition.versions[2],
      ],
    });
    try {
      translateRequest(throwing, '2026-02-01', 'borrowBook', {
        params: { bookId: 'b1' },
        body: { borrower: { personalIdentityNumber: pin }, duration: 3 },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ContractMigrationError);
      expect((error as ContractMigrationError).failure.changeId).toBe('rename-days-to-duration');
      expect((error as Error).cause).toBeInstanceOf(TypeError);
    }
  });

  it('throws a ContractLookupError for an unknown version or an operation the version lacks', () => {
    expect(() => translateRequest(library, '2020-01-01', 'getBook', {})).toThrow(
      expect.objectContaining({ code: 'unknown_version' }),
    );
    expect(() => translateRequest(library, '2026-01-01', 'listShelves', {})).toThrow(ContractLookupError);
    expect(() => translateRequest(library, '2026-01-01', 'listShelves', {})).toThrow(
      'Contract "library" has no operation "listShelves" at version "2026-01-01".',
    );
  });
});

describe('translateResponse', () => {
  const headBook = { bookId: 'b1', title: 'Pippi', author: { name: 'Astrid', born: 1907 } };

  it('migrates a head body down to each version', () => {
    expect(translateResponse(library, '2026-03-01', 'getBook', headBook)).toEqual({
      ok: true,
      value: headBook,
    });
    expect(translateResponse(library, '2026-01-01', 'getBook', headBook)).toEqual({
      ok: true,
      value: { bookId: 'b1', title: 'Pippi', author: 'Astrid' },
    });
    expect(translateResponse(library, '2026-02-01', 'borrowBook', { loanId: 'l1', days: 14 })).toEqual({
      ok: true,
      value: { loanId: 'l1', duration: 14 },
    });
  });

  it('reports a head body that breaks the head schema as issues, without values', () => {
    const result = translateResponse(library, '2026-01-01', 'getBook', { ...headBook, author: { name: 42 } });
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: ['body', 'author', 'name'],
          code: 'invalid_type',
          message: 'Invalid input: expected string, received number',
        },
      ],
    });
  });

  it('never lets a field unknown to the version through, at any depth, at any version', () => {
    const key = fc
      .string({ minLength: 1 })
      .filter((k) => !['bookId', 'title', 'author', 'name', 'born'].includes(k));
    fc.assert(
      fc.property(key, fc.boolean(), fc.constantFrom(...library.versionIds), (extra, nested, version) => {
        const body = nested
          ? { ...headBook, author: { ...headBook.author, [extra]: 'personal' } }
          : { ...headBook, [extra]: 'personal' };
        const result = translateResponse(library, version, 'getBook', body);
        expect(result.ok).toBe(true);
        expect(JSON.stringify(result)).not.toContain('personal');
      }),
    );
  });

  it('strips a field the version lacks even when no transform removes it', () => {
    const hidden = defineContract({
      name: 'hidden',
      title: { sv: 'Dold', en: 'Hidden' },
      description: { sv: 'Dold', en: 'Hidden' },
      operations: [getBook],
      versions: [
        {
          version: '2026-02-01',
          stability: 'stable',
          changes: [
            {
              id: 'add-title',
              description: { sv: 'Titel', en: 'Title' },
              sideEffects: false,
              // A schema edit with no down transform: the title reaches the older version's parse and must die there.
              operations: {
                getBook: { response: (body) => editObjectAt(body, [], (o) => o.omit({ title: true })) },
              },
            },
          ],
        },
        { version: '2026-01-01', stability: 'stable', changes: [] },
      ],
    });
    expect(translateResponse(hidden, '2026-01-01', 'getBook', headBook)).toEqual({
      ok: true,
      value: { bookId: 'b1', author: { name: 'Astrid', born: 1907 } },
    });
  });

  it('throws a ContractMigrationError when a down transform yields a shape the version rejects', () => {
    const broken = defineContract({
      ...libraryDefinition,
      versions: [
        libraryDefinition.versions[0],
        {
          ...libraryDefinition.versions[1],
          changes: [
            libraryDefinition.versions[1].changes[0],
            // The schema edit without its down transform: the object author reaches a version expecting a string.
            {
              ...authorObject,
              operations: { getBook: { response: authorObject.operations.getBook?.response } },
            },
          ],
        },
        libraryDefinition.versions[2],
      ],
    });
    expect(() => translateResponse(broken, '2026-01-01', 'getBook', headBook)).toThrow(
      'Contract "library", operation "getBook", response at version "2026-01-01": the migrated response fails the version\'s schema: body.author: Invalid input: expected string, received object.',
    );
  });
});

describe('translateErrorCode', () => {
  it('maps head codes through the changes and passes other codes through', () => {
    expect(translateErrorCode(library, '2026-03-01', 'borrowBook', 'book_damaged')).toBe('book_damaged');
    expect(translateErrorCode(library, '2026-02-01', 'borrowBook', 'book_damaged')).toBe('book_unavailable');
    expect(translateErrorCode(library, '2026-01-01', 'borrowBook', 'book_unavailable')).toBe(
      'book_unavailable',
    );
    expect(translateErrorCode(library, '2026-01-01', 'borrowBook', 'validation_failed')).toBe(
      'validation_failed',
    );
  });
});

describe('head-only contract', () => {
  it('translates without any migration', () => {
    const single = defineContract({
      name: 'single',
      title: { sv: 'En', en: 'One' },
      description: { sv: 'En', en: 'One' },
      operations: [getBook],
      versions: [{ version: '2026-01-01', stability: 'stable', changes: [] }],
    });
    expect(translateRequest(single, '2026-01-01', 'getBook', { params: { bookId: 'b1' } }).ok).toBe(true);
    expect(
      translateResponse(single, '2026-01-01', 'getBook', {
        bookId: 'b',
        title: 't',
        author: { name: 'n' },
        x: 1,
      }),
    ).toEqual({ ok: true, value: { bookId: 'b', title: 't', author: { name: 'n' } } });
  });
});
