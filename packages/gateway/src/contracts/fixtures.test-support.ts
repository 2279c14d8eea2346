// A small contract for the gateway's contract tests: two versions, where the newer one renamed `label` to
// `name`. Variants rebuild it with one edit at the head, the way a developer would, to test the frozen-versions
// gate and the impact check without touching the real case-management contract.
import {
  type Contract,
  defineContract,
  defineOperation,
  editObjectAt,
  renameField,
  type VersionChange,
} from '@brygga/contract';
import { z } from 'zod';
import type { ContractEntry } from './registry.ts';

const text = (en: string) => ({ sv: `${en} (sv)`, en });

export interface ThingsVariant {
  /** Adds an optional `note` to the head's thing: an additive edit. */
  readonly addNote?: boolean;
  /** With `addNote`: a change in the head version that keeps `note` from the older version. */
  readonly hideNoteFromOlder?: boolean;
  /** Removes `colour` from the head's thing: a breaking edit. */
  readonly dropColour?: boolean;
  /** Publishes a third version, 2026-05-01, whose change removes `colour` and keeps it for older callers. */
  readonly versionedDropColour?: boolean;
  /** With `versionedDropColour`: the change forgets createThing, so nothing covers its breaking difference. */
  readonly forgetCreateThing?: boolean;
}

export function thingsContract(variant: ThingsVariant = {}): Contract {
  const dropColour = variant.dropColour === true || variant.versionedDropColour === true;
  let thing = z.object({
    thingId: z.string(),
    name: z.string(),
    colour: z.enum(['red', 'green']),
  });
  if (dropColour) thing = thing.omit({ colour: true }) as typeof thing;
  if (variant.addNote) thing = thing.extend({ note: z.string().optional() }) as typeof thing;

  const getThing = defineOperation({
    id: 'getThing',
    method: 'get',
    path: '/things/{thingId}',
    summary: text('Get a thing'),
    request: { params: z.strictObject({ thingId: z.string().regex(/^t\d+$/) }) },
    response: { status: 200, body: thing },
    errors: { thing_not_found: { status: 404, title: text('There is no such thing.') } },
    idempotent: true,
    actsForCitizen: false,
  });
  const createThing = defineOperation({
    id: 'createThing',
    method: 'post',
    path: '/things',
    summary: text('Create a thing'),
    request: { body: z.strictObject({ name: z.string().min(1).max(50), colour: z.enum(['red', 'green']) }) },
    response: { status: 201, body: thing },
    errors: {},
    idempotent: true,
    actsForCitizen: false,
  });
  const listThings = defineOperation({
    id: 'listThings',
    method: 'get',
    path: '/things',
    summary: text('List things'),
    request: { query: z.strictObject({ limit: z.coerce.number().int().min(1).max(10).default(10) }) },
    response: { status: 200, body: z.object({ count: z.number().int() }) },
    errors: {},
    idempotent: true,
    actsForCitizen: false,
  });
  const operations = [getThing, createThing, listThings] as const;

  const renameLabel: VersionChange = {
    id: 'rename-label',
    description: text('The label is now called name.'),
    sideEffects: false,
    operations: {
      getThing: {
        response: (body) => editObjectAt(body, [], (object) => renameField(object, 'name', 'label')),
        down: (body) => {
          const { name, ...rest } = body as Record<string, unknown>;
          return { ...rest, label: name };
        },
      },
    },
  };
  const headChanges: VersionChange[] = [renameLabel];
  if (variant.addNote && variant.hideNoteFromOlder) {
    headChanges.push({
      id: 'thing-note',
      description: text('A thing may carry a note.'),
      sideEffects: false,
      operations: {
        getThing: {
          response: (body) => editObjectAt(body, [], (object) => object.omit({ note: true })),
          down: (body) => {
            const { note: _, ...rest } = body as Record<string, unknown>;
            return rest;
          },
        },
        createThing: {
          response: (body) => editObjectAt(body, [], (object) => object.omit({ note: true })),
          down: (body) => {
            const { note: _, ...rest } = body as Record<string, unknown>;
            return rest;
          },
        },
      },
    });
  }
  const keepColour = (body: z.ZodType) =>
    editObjectAt(body, [], (object) => object.extend({ colour: z.enum(['red', 'green']) }));
  const versions = [
    ...(variant.versionedDropColour
      ? [
          {
            version: '2026-05-01',
            stability: 'stable' as const,
            changes: [
              {
                id: 'drop-colour',
                description: text('Things no longer have a colour; older versions see red.'),
                sideEffects: true,
                operations: {
                  getThing: {
                    response: keepColour,
                    down: (body: unknown) => ({ ...(body as object), colour: 'red' }),
                  },
                  ...(variant.forgetCreateThing
                    ? {}
                    : {
                        createThing: {
                          response: keepColour,
                          down: (body: unknown) => ({ ...(body as object), colour: 'red' }),
                        },
                      }),
                },
              } satisfies VersionChange,
            ],
          },
        ]
      : []),
    { version: '2026-03-01', stability: 'stable' as const, changes: headChanges },
    {
      version: '2026-01-01',
      stability: 'stable' as const,
      deprecated: '2026-06-01',
      sunset: '2026-12-01',
      changes: [],
    },
  ];
  return defineContract({
    name: 'things',
    title: text('Things'),
    description: text('Things for tests.'),
    operations,
    versions,
  });
}

export function thingsEntry(variant: ThingsVariant = {}, openapiDir?: string): ContractEntry {
  return { contract: thingsContract(variant), openapiDir };
}
