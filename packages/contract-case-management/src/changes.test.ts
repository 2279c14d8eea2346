import {
  jsonSchemaFor,
  type OperationChange,
  type ResolvedOperation,
  type ResolvedVersion,
  translateRequest,
  translateResponse,
  type VersionChange,
} from '@brygga/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { arbitraryFor, objectPaths, plant, undeclaredKeys } from '../test/arbitrary.ts';
import { splitName } from './changes/2026-08-15-split-applicant-name.ts';
import { caseManagement } from './contract.ts';
import type { CaseOperationId } from './operations.ts';

// Property tests over every version and operation of the contract. New versions and operations are covered
// without touching this file, except that a new response transform needs its lift below (a test enforces it).

type Json = Record<string, unknown>;
type Lift = (older: Json) => Json;

const versions = caseManagement.versions;
const older = versions.slice(1);
const pairs = (list: readonly ResolvedVersion[]) =>
  list.flatMap((version) =>
    [...version.operations.values()].map((operation) => [version.version, operation.id, operation] as const),
  );

function requestArbitrary(
  operation: ResolvedOperation,
): fc.Arbitrary<{ params: Json; query: Json; body: unknown }> {
  const { params, query, body } = operation.request;
  return fc.record({
    params: (params ? arbitraryFor(params, 'input') : fc.constant({})) as fc.Arbitrary<Json>,
    query: (query ? arbitraryFor(query, 'input') : fc.constant({})) as fc.Arbitrary<Json>,
    body: body ? arbitraryFor(body, 'input') : fc.constant(undefined),
  });
}

describe('requests', () => {
  it.each(pairs(older))(
    'every valid %s %s request migrates to a valid head request',
    (version, _, operation) => {
      fc.assert(
        fc.property(requestArbitrary(operation), (request) => {
          // translateRequest throws ContractMigrationError if the head rejects what the changes produced.
          expect(translateRequest(caseManagement, version, operation.id, request).ok).toBe(true);
        }),
      );
    },
  );

  it.each(older.map((version) => version.version))(
    'createCase at %s: up to head, then the head response down again, gives back what was sent',
    (version) => {
      const pinned = caseManagement.operation(version, 'createCase') as ResolvedOperation;
      fc.assert(
        fc.property(requestArbitrary(pinned), (request) => {
          const sent = (pinned.request.body as z.ZodType).parse(request.body) as Json;
          const atHead = translateRequest(caseManagement, version, 'createCase', request);
          if (!atHead.ok) throw new Error('a valid request was refused');
          // The business system echoes the application in the case it opens.
          const opened = {
            ...(atHead.value.body as Json),
            caseId: 'BN-2026-1',
            status: 'submitted',
            submittedAt: '2026-11-20T09:30:00Z',
          };
          const back = translateResponse(caseManagement, version, 'createCase', opened);
          expect(back).toEqual({
            ok: true,
            value: { ...sent, caseId: 'BN-2026-1', status: 'submitted', submittedAt: '2026-11-20T09:30:00Z' },
          });
        }),
      );
    },
  );
});

/**
 * For each change's response transform, a lift: a newer body that means the same as an older one. `down`
 * must undo it exactly (down ∘ lift = identity). For lossy changes (the status workflow) the lift picks one of
 * several newer values; the identity still holds in this direction.
 */
const lifts: Record<string, Partial<Record<CaseOperationId, Lift>>> = {
  'application-type': {
    createCase: (c) => ({ ...c, applicationType: 'rivningslov' }),
    getCase: (c) => ({ ...c, applicationType: 'marklov' }),
    listMyCases: (list) => ({
      ...list,
      cases: (list.cases as Json[]).map((c) => ({ ...c, applicationType: 'bygglov' })),
    }),
  },
  'split-applicant-name': {
    createCase: liftApplicant,
    getCase: liftApplicant,
  },
  'case-status-workflow': {
    createCase: liftStatus,
    getCase: liftStatus,
    getCaseStatus: liftStatus,
    listMyCases: (list) => ({ ...list, cases: (list.cases as Json[]).map(liftStatus) }),
  },
  'rename-subject-to-title': {
    createCase: liftSubject,
    getCase: liftSubject,
    listMyCases: (list) => ({ ...list, cases: (list.cases as Json[]).map(liftSubject) }),
  },
};

function liftApplicant(c: Json): Json {
  const { name, ...applicant } = c.applicant as Json & { name: string };
  return { ...c, applicant: { ...applicant, ...splitName(name) } };
}
function liftStatus(c: Json): Json {
  return c.status === 'decided' ? { ...c, status: 'approved' } : c;
}
function liftSubject({ subject, ...c }: Json): Json {
  return { ...c, title: subject };
}

const steps = versions.slice(0, -1).flatMap((newer, index) => {
  const olderVersion = versions[index + 1] as ResolvedVersion;
  return [...olderVersion.operations.keys()].flatMap((id) => {
    const touching = newer.changes.filter((change) => operationChangeOf(change, id)?.down);
    return touching.length === 0 ? [] : [[newer.version, olderVersion.version, id, touching] as const];
  });
});

function operationChangeOf(change: VersionChange, id: string): OperationChange | undefined {
  return (change.operations as Record<string, OperationChange | undefined>)[id];
}

describe('responses', () => {
  it('has a lift for every response transform', () => {
    const missing = steps.flatMap(([, , id, changes]) =>
      changes
        .filter((change) => !lifts[change.id]?.[id as CaseOperationId])
        .map((change) => `${change.id}/${id}`),
    );
    expect(missing).toEqual([]);
    expect(steps.length).toBeGreaterThanOrEqual(9);
  });

  it.each(steps)(
    '%s → %s, %s: down undoes the lift of any valid older response',
    (newer, olderVersion, id, changes) => {
      const olderSchema = caseManagement.operation(olderVersion, id)?.response.body as z.ZodType;
      const newerSchema = caseManagement.operation(newer, id)?.response.body as z.ZodType;
      fc.assert(
        fc.property(arbitraryFor(olderSchema, 'output'), (body) => {
          const original = olderSchema.parse(body) as Json;
          // Lifts run newest change last (the reverse of down's order within a version).
          const lifted = [...changes]
            .reverse()
            .reduce((value, change) => lifts[change.id]?.[id as CaseOperationId]?.(value) ?? value, original);
          const atNewer = newerSchema.parse(lifted);
          const downed = changes.reduce(
            (value: unknown, change) => operationChangeOf(change, id)?.down?.(value) ?? value,
            atNewer,
          );
          expect(olderSchema.parse(downed)).toEqual(original);
        }),
      );
    },
  );

  it.each(pairs(versions))(
    'at %s, %s: a head response with an extra field, at any depth, shows nothing of it',
    (version, _, operation) => {
      const head = caseManagement.operation(caseManagement.head.version, operation.id) as ResolvedOperation;
      const declared = jsonSchemaFor(caseManagement, version).operations[operation.id]?.response;
      const withExtra = arbitraryFor(head.response.body, 'output').chain((body) =>
        fc.record({
          body: fc.constant(body),
          at: fc.constantFrom(...objectPaths(body)),
          key: fc.stringMatching(/^[a-zA-Z]{1,12}$/).map((key) => `leak${key}`),
        }),
      );
      fc.assert(
        fc.property(withExtra, ({ body, at, key }) => {
          const planted = plant(body, at, key, { personalIdentityNumber: 'LEAKED-191212121212' });
          const result = translateResponse(caseManagement, version, operation.id, planted);
          if (!result.ok) throw new Error('a valid head response was refused');
          expect(JSON.stringify(result.value)).not.toContain('LEAKED');
          expect(JSON.stringify(result.value)).not.toContain(`"${key}"`);
          expect(undeclaredKeys(declared ?? false, result.value)).toEqual([]);
        }),
      );
    },
  );
});
