import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Contract } from './contract.ts';
import { declaredShapeMismatches } from './declared-shapes.ts';
import { defineContract } from './define-contract.ts';
import {
  addShelves,
  authorObject,
  borrowBook,
  getBook,
  library,
  libraryDefinition,
  renameDays,
} from './fixture.test-support.ts';
import type { RequestInput, ResponseOutput } from './operation.ts';
import type { VersionChange } from './version.ts';
import {
  type HeadVersionId,
  hasVersion,
  type OperationAt,
  type OperationIdAt,
  type VersionId,
} from './version-types.ts';

// The library fixture's changes with their older shapes declared, as a contract author writes them.
const borrowBody = borrowBook.request.body;
const renameDaysDeclared = {
  ...renameDays,
  before: {
    borrowBook: {
      body: borrowBody.omit({ days: true }).extend({ duration: borrowBody.shape.days }),
      response: borrowBook.response.body.omit({ days: true }).extend({ duration: z.number() }),
    },
  },
} satisfies VersionChange<'getBook' | 'borrowBook' | 'listShelves'>;

const authorObjectDeclared = {
  ...authorObject,
  before: { getBook: { response: getBook.response.body.extend({ author: z.string() }) } },
} satisfies VersionChange<'getBook' | 'borrowBook' | 'listShelves'>;

function libraryWith(
  rename: VersionChange<'getBook' | 'borrowBook' | 'listShelves'>,
  author: VersionChange<'getBook' | 'borrowBook' | 'listShelves'>,
): Contract {
  const [head, middle, oldest] = libraryDefinition.versions;
  return defineContract({
    ...libraryDefinition,
    name: 'library-declared',
    versions: [{ ...head, changes: [rename] }, { ...middle, changes: [addShelves, author] }, oldest],
  });
}

const declared = defineContract({
  ...libraryDefinition,
  versions: [
    { ...libraryDefinition.versions[0], changes: [renameDaysDeclared] },
    { ...libraryDefinition.versions[1], changes: [addShelves, authorObjectDeclared] },
    libraryDefinition.versions[2],
  ],
});
type Declared = typeof declared;

describe('declaredShapeMismatches', () => {
  it('finds nothing when every edited part is declared as the edits derive it', () => {
    expect(declaredShapeMismatches(declared)).toEqual([]);
  });

  it('names every version and part a change edits without declaring it', () => {
    expect(declaredShapeMismatches(library)).toEqual([
      'Version "2026-02-01", operation "borrowBook": the declared body differs from the derived one at "/properties/days"; declare it in `before` of the change that edits it.',
      'Version "2026-02-01", operation "borrowBook": the declared response differs from the derived one at "/properties/days"; declare it in `before` of the change that edits it.',
      'Version "2026-01-01", operation "getBook": the declared response differs from the derived one at "/properties/author/additionalProperties"; declare it in `before` of the change that edits it.',
      'Version "2026-01-01", operation "borrowBook": the declared body differs from the derived one at "/properties/days"; declare it in `before` of the change that edits it.',
      'Version "2026-01-01", operation "borrowBook": the declared response differs from the derived one at "/properties/days"; declare it in `before` of the change that edits it.',
    ]);
  });

  it('catches a declaration that differs from the edit, deep inside or only in a check', () => {
    const wrongType = {
      ...authorObjectDeclared,
      before: { getBook: { response: getBook.response.body.extend({ author: z.number() }) } },
    };
    const looserCheck = {
      ...renameDaysDeclared,
      before: {
        borrowBook: {
          ...renameDaysDeclared.before.borrowBook,
          body: borrowBody.omit({ days: true }).extend({ duration: z.number().int().min(1).default(14) }),
        },
      },
    };
    expect(declaredShapeMismatches(libraryWith(renameDaysDeclared, wrongType))).toEqual([
      'Version "2026-01-01", operation "getBook": the declared response differs from the derived one at "/properties/author/type"; declare it in `before` of the change that edits it.',
    ]);
    expect(declaredShapeMismatches(libraryWith(looserCheck, authorObjectDeclared))).toEqual([
      'Version "2026-02-01", operation "borrowBook": the declared body differs from the derived one at "/properties/duration/maximum"; declare it in `before` of the change that edits it.',
      'Version "2026-01-01", operation "borrowBook": the declared body differs from the derived one at "/properties/duration/maximum"; declare it in `before` of the change that edits it.',
    ]);
  });

  it('refuses a declaration for an operation that is not there', () => {
    const ghost = { ...addShelves, before: { listShelves: { response: z.object({}) } } };
    const [head, middle, oldest] = libraryDefinition.versions;
    const contract = defineContract({
      ...libraryDefinition,
      versions: [
        { ...head, changes: [renameDaysDeclared] },
        { ...middle, changes: [ghost, authorObjectDeclared] },
        oldest,
      ],
    });
    expect(declaredShapeMismatches(contract)).toEqual([
      'Change "add-shelves" declares shapes for "listShelves", which does not exist below version "2026-02-01".',
    ]);
  });
});

describe('per-version types', () => {
  it('are a literal union of versions, the head first', () => {
    expectTypeOf<VersionId<Declared>>().toEqualTypeOf<'2026-03-01' | '2026-02-01' | '2026-01-01'>();
    expectTypeOf<HeadVersionId<Declared>>().toEqualTypeOf<'2026-03-01'>();
    // A contract typed loosely has no version types: any string, head shapes.
    expectTypeOf<VersionId<Contract>>().toEqualTypeOf<string>();
  });

  it('narrows a version known only at run time', () => {
    const fromConfiguration: string = '2026-02-01';
    expect(hasVersion(declared, fromConfiguration)).toBe(true);
    if (hasVersion(declared, fromConfiguration)) {
      expectTypeOf(fromConfiguration).toEqualTypeOf<'2026-03-01' | '2026-02-01' | '2026-01-01'>();
    }
    expect(hasVersion(declared, '2026-02-02')).toBe(false);
  });

  it('follow the declared shapes down, and drop operations added later', () => {
    expectTypeOf<OperationIdAt<Declared, '2026-03-01'>>().toEqualTypeOf<
      'getBook' | 'borrowBook' | 'listShelves'
    >();
    expectTypeOf<OperationIdAt<Declared, '2026-01-01'>>().toEqualTypeOf<'getBook' | 'borrowBook'>();
    type BorrowAt<V extends VersionId<Declared>> = OperationAt<Declared, V, 'borrowBook'>;
    expectTypeOf<RequestInput<BorrowAt<'2026-03-01'>>['body']>().toHaveProperty('days');
    expectTypeOf<RequestInput<BorrowAt<'2026-02-01'>>['body']>().toHaveProperty('duration');
    expectTypeOf<RequestInput<BorrowAt<'2026-02-01'>>['body']>().not.toHaveProperty('days');
    // Undeclared parts stay as they were: the params did not change.
    expectTypeOf<RequestInput<BorrowAt<'2026-01-01'>>['params']>().toEqualTypeOf<{ bookId: string }>();
    expectTypeOf<ResponseOutput<OperationAt<Declared, '2026-02-01', 'getBook'>>['author']>().toEqualTypeOf<{
      name: string;
      born?: number | undefined;
    }>();
    expectTypeOf<
      ResponseOutput<OperationAt<Declared, '2026-01-01', 'getBook'>>['author']
    >().toEqualTypeOf<string>();
    expectTypeOf<BorrowAt<'2026-01-01'>['method']>().toEqualTypeOf<'post'>();
  });
});
