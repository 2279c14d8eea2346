// A small library-loan contract for the model's own tests: three versions, a rename, a reshaped field, an
// operation added later and an error code that older versions spell differently.
import { z } from 'zod';
import { defineContract } from './define-contract.ts';
import { defineOperation } from './operation.ts';
import { personalData } from './personal-data.ts';
import { editObjectAt, renameField } from './schema-edit.ts';
import type { VersionChange } from './version.ts';

const text = (en: string) => ({ sv: `${en} (sv)`, en });

export const getBook = defineOperation({
  id: 'getBook',
  method: 'get',
  path: '/books/{bookId}',
  summary: text('Get a book'),
  request: { params: z.strictObject({ bookId: z.string().regex(/^b\d+$/) }) },
  response: {
    status: 200,
    body: z.object({
      bookId: z.string(),
      title: z.string(),
      author: z.object({ name: personalData(z.string()), born: z.number().int().optional() }),
    }),
  },
  errors: { book_not_found: { status: 404, title: text('There is no such book.') } },
  idempotent: true,
  actsForCitizen: false,
});

export const borrowBook = defineOperation({
  id: 'borrowBook',
  method: 'post',
  path: '/books/{bookId}/loans',
  summary: text('Borrow a book'),
  request: {
    params: z.strictObject({ bookId: z.string().regex(/^b\d+$/) }),
    body: z.strictObject({
      borrower: z.strictObject({
        personalIdentityNumber: personalData(z.string().regex(/^\d{12}$/)),
        email: personalData(z.email()).optional(),
      }),
      days: z.number().int().min(1).max(60).default(14),
    }),
  },
  response: { status: 201, body: z.object({ loanId: z.string(), days: z.number() }) },
  errors: {
    book_unavailable: { status: 409, title: text('The book is out.') },
    book_damaged: { status: 409, title: text('The book is being repaired.') },
  },
  idempotent: true,
  actsForCitizen: true,
});

export const listShelves = defineOperation({
  id: 'listShelves',
  method: 'get',
  path: '/shelves',
  summary: text('List shelves'),
  request: { query: z.strictObject({ floor: z.coerce.number().int().optional() }) },
  response: { status: 200, body: z.object({ shelves: z.array(z.object({ shelfId: z.string() })) }) },
  errors: {},
  idempotent: true,
  actsForCitizen: false,
});

export const renameDays: VersionChange = {
  id: 'rename-days-to-duration',
  description: text('The loan length is now called days.'),
  sideEffects: false,
  operations: {
    borrowBook: {
      request: (newer) => ({
        ...newer,
        body: editObjectAt(newer.body as z.ZodType, [], (body) => renameField(body, 'days', 'duration')),
      }),
      response: (body) => editObjectAt(body, [], (o) => renameField(o, 'days', 'duration')),
      up: (older) => {
        const { duration, ...rest } = older.body as { duration: number };
        return { ...older, body: { ...rest, days: duration } };
      },
      down: (newer) => {
        const { days, ...rest } = newer as { days: number };
        return { ...rest, duration: days };
      },
      errors: (newer) => {
        const { book_damaged: _, ...older } = newer;
        return older;
      },
      downError: (code) => (code === 'book_damaged' ? 'book_unavailable' : code),
    },
  },
};

export const authorObject: VersionChange = {
  id: 'author-object',
  description: text('The author is an object with a name.'),
  sideEffects: false,
  operations: {
    getBook: {
      response: (body) => editObjectAt(body, [], (o) => o.extend({ author: z.string() })),
      down: (newer) => {
        const book = newer as { author: { name: string } };
        return { ...book, author: book.author.name };
      },
    },
  },
};

export const addShelves = {
  id: 'add-shelves',
  description: text('Shelves can be listed.'),
  sideEffects: false,
  operations: { listShelves: { added: true } },
} satisfies VersionChange;

export const libraryDefinition = {
  name: 'library',
  title: text('Library'),
  description: text('Loans of books.'),
  operations: [getBook, borrowBook, listShelves],
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
  ],
} as const;

export const library = defineContract(libraryDefinition);
