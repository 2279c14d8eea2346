import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OperationError } from '../adapter/index.ts';
import { ContractLookupError, ContractMigrationError } from './contract-error.ts';
import { defineContract } from './define-contract.ts';
import { authorObject, borrowBook, getBook, library, libraryDefinition } from './fixture.test-support.ts';
import { editObjectAt } from './schema-edit.ts';
import { translateErrorCode, translateRequest, translateResponse } from './translate.ts';
import type { VersionChange } from './version.ts';

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
    expect('issues' in result && result.issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
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

describe('the translation context', () => {
  const other = '198112189876';
  const text = (en: string) => ({ sv: `${en} (sv)`, en });
  // A new head where the borrower is the logged-in person: older callers still send and receive the number.
  const borrowerFromLogin: VersionChange = {
    id: 'borrower-from-login',
    description: text('The borrower is the logged-in person.'),
    sideEffects: false,
    operations: {
      borrowBook: {
        request: (newer) => ({
          ...newer,
          body: editObjectAt(newer.body as z.ZodType, ['borrower'], (borrower) =>
            borrower.extend({ personalIdentityNumber: z.string().regex(/^\d{12}$/) }),
          ),
        }),
        errors: (newer) => ({ ...newer, borrower_mismatch: { status: 403, title: text('Not you.') } }),
        up: (older, context) => {
          const { borrower, days } = older.body as {
            borrower: { personalIdentityNumber: string };
            days: number;
          };
          // Test-only triggers: a refusal with a code that older versions spell differently, and a bad one.
          if (days === 13) throw new OperationError('book_damaged', { detail: text('Being repaired.') });
          if (days === 12) throw new OperationError('no_such_code');
          if (borrower.personalIdentityNumber !== context.citizen?.personalIdentityNumber) {
            throw new OperationError('borrower_mismatch');
          }
          const { personalIdentityNumber: _, ...rest } = borrower;
          return { ...older, body: { ...(older.body as object), borrower: rest } };
        },
        response: (body) => editObjectAt(body, [], (loan) => loan.extend({ borrower: z.string() })),
        down: (body, context) => {
          if (context.citizen === undefined) throw new Error('the borrower needs the logged-in citizen');
          return { ...(body as object), borrower: context.citizen.personalIdentityNumber };
        },
      },
    },
  };
  const headBorrow = {
    ...borrowBook,
    request: {
      ...borrowBook.request,
      body: z.strictObject({
        borrower: z.strictObject({ email: z.email().optional() }),
        days: z.number().int().min(1).max(60).default(14),
      }),
    },
  };
  const loans = defineContract({
    ...libraryDefinition,
    operations: [getBook, headBorrow],
    versions: [
      { version: '2026-04-01', stability: 'stable', changes: [borrowerFromLogin] },
      libraryDefinition.versions[0],
      { ...libraryDefinition.versions[1], changes: [authorObject] },
      libraryDefinition.versions[2],
    ],
  });
  const params = { bookId: 'b7' };
  const me = { citizen: { personalIdentityNumber: pin } };

  it('reaches every up: older callers send the number, the head gets none, from any older version', () => {
    expect(
      translateRequest(
        loans,
        '2026-03-01',
        'borrowBook',
        { params, body: { borrower: { personalIdentityNumber: pin }, days: 3 } },
        me,
      ),
    ).toEqual({ ok: true, value: { params, query: {}, body: { borrower: {}, days: 3 } } });
    expect(
      translateRequest(
        loans,
        '2026-01-01',
        'borrowBook',
        { params, body: { borrower: { personalIdentityNumber: pin }, duration: 3 } },
        me,
      ),
    ).toEqual({ ok: true, value: { params, query: {}, body: { borrower: {}, days: 3 } } });
    expect(
      translateRequest(loans, '2026-04-01', 'borrowBook', { params, body: { borrower: {} } }, me),
    ).toEqual({
      ok: true,
      value: { params, query: {}, body: { borrower: {}, days: 14 } },
    });
  });

  it('turns an up’s OperationError into a refusal with the error case of the caller’s version', () => {
    const request = { params, body: { borrower: { personalIdentityNumber: pin }, days: 3 } };
    const refused = {
      ok: false,
      operationError: {
        code: 'borrower_mismatch',
        errorCase: { status: 403, title: text('Not you.') },
        detail: undefined,
        changeId: 'borrower-from-login',
      },
    };
    expect(
      translateRequest(loans, '2026-03-01', 'borrowBook', request, {
        citizen: { personalIdentityNumber: other },
      }),
    ).toEqual(refused);
    // No context is an empty one, never undefined: the change decides (here it refuses).
    expect(translateRequest(loans, '2026-03-01', 'borrowBook', request)).toEqual(refused);
  });

  it('maps a refusal down to the caller’s version, with the change’s detail', () => {
    const at = (version: string, body: object) =>
      translateRequest(loans, version, 'borrowBook', { params, body }, me);
    const borrower = { personalIdentityNumber: pin };
    expect(at('2026-03-01', { borrower, days: 13 })).toMatchObject({
      ok: false,
      operationError: { code: 'book_damaged', detail: text('Being repaired.') },
    });
    // 2026-02-01 has no book_damaged: the rename change maps it to book_unavailable, as for the adapter's errors.
    expect(at('2026-02-01', { borrower, duration: 13 })).toEqual({
      ok: false,
      operationError: {
        code: 'book_unavailable',
        errorCase: { status: 409, title: text('The book is out.') },
        detail: text('Being repaired.'),
        changeId: 'borrower-from-login',
      },
    });
  });

  it('treats a refusal with a code the version does not declare as a bug in the change', () => {
    const attempt = () =>
      translateRequest(
        loans,
        '2026-03-01',
        'borrowBook',
        { params, body: { borrower: { personalIdentityNumber: pin }, days: 12 } },
        me,
      );
    expect(attempt).toThrow(ContractMigrationError);
    expect(attempt).toThrow(/change "borrower-from-login" refused the request with error "no_such_code"/);
  });

  it('reaches every down: older callers get the number back from the context, the head never has it', () => {
    const loan = { loanId: 'l1', days: 3 };
    expect(translateResponse(loans, '2026-04-01', 'borrowBook', { ...loan, borrower: pin }, me)).toEqual({
      ok: true,
      value: loan,
    });
    expect(translateResponse(loans, '2026-03-01', 'borrowBook', loan, me)).toEqual({
      ok: true,
      value: { ...loan, borrower: pin },
    });
    expect(translateResponse(loans, '2026-01-01', 'borrowBook', loan, me)).toEqual({
      ok: true,
      value: { loanId: 'l1', duration: 3, borrower: pin },
    });
    expect(() => translateResponse(loans, '2026-03-01', 'borrowBook', loan)).toThrow(ContractMigrationError);
  });
});
