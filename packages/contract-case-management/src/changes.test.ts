import {
  jsonSchemaFor,
  type OperationChange,
  type ResolvedOperation,
  type ResolvedVersion,
  type TranslationContext,
  translateRequest,
  translateResponse,
  type VersionChange,
} from '@brygga/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { arbitraryFor, objectPaths, plant, undeclaredKeys } from '../test/arbitrary.ts';
import { splitName } from './changes/2026-08-15-split-applicant-name.ts';
import { applicantMismatch } from './changes/2026-12-01-applicant-from-login.ts';
import { caseManagement } from './contract.ts';
import type { CaseOperationId } from './operations.ts';
import { personalIdentityNumber } from './schemas.ts';

// Property tests over every version and operation of the contract. New versions and operations are covered
// without touching this file, except that a new response transform needs its lift below (a test enforces it).

type Json = Record<string, unknown>;
type Lift = (older: Json) => Json;

// Skatteverket's test person: the login when a body names nobody.
const someone = '191212121212';
const login = (number: string): TranslationContext => ({ citizen: { personalIdentityNumber: number } });
/** The login under which an older body is the citizen's own: the applicant's number in it, if any. */
const loginOf = (body: unknown): TranslationContext =>
  login(String((body as { applicant?: Json } | undefined)?.applicant?.personalIdentityNumber ?? someone));
/** Every way a personnummer can be written: 12 or 10 digits, with or without a separator. */
const formsOf = (number: string) =>
  new RegExp(`(?:${number.slice(0, 2)})?${number.slice(2, 8)}[-+]?${number.slice(8)}`);
const validNumbers = arbitraryFor(personalIdentityNumber, 'input') as fc.Arbitrary<string>;

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
          const translated = translateRequest(
            caseManagement,
            version,
            operation.id,
            request,
            loginOf(request.body),
          );
          expect(translated.ok).toBe(true);
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
          // Sent by the citizen who is logged in, which is what the gateway sees for a valid application.
          const context = loginOf(sent);
          const atHead = translateRequest(caseManagement, version, 'createCase', request, context);
          if (!atHead.ok) throw new Error('a valid request was refused');
          // The business system echoes the application in the case it opens.
          const opened = {
            ...(atHead.value.body as Json),
            caseId: 'BN-2026-1',
            status: 'submitted',
            submittedAt: '2026-11-20T09:30:00Z',
          };
          const back = translateResponse(caseManagement, version, 'createCase', opened, context);
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
  'applicant-from-login': { createCase: liftLogin, getCase: liftLogin },
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

function liftLogin(c: Json): Json {
  const { personalIdentityNumber: _, ...applicant } = c.applicant as Json;
  return { ...c, applicant };
}
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
    expect(steps.length).toBeGreaterThanOrEqual(11);
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
          // The case is the citizen's own: the login is the number the older body shows.
          const context = loginOf(original);
          const downed = changes.reduce(
            (value: unknown, change) => operationChangeOf(change, id)?.down?.(value, context) ?? value,
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
          const result = translateResponse(caseManagement, version, operation.id, planted, login(someone));
          if (!result.ok) throw new Error('a valid head response was refused');
          expect(JSON.stringify(result.value)).not.toContain('LEAKED');
          expect(JSON.stringify(result.value)).not.toContain(`"${key}"`);
          expect(undeclaredKeys(declared ?? false, result.value)).toEqual([]);
        }),
      );
    },
  );
});

describe('applicant-from-login: the e-service never gets the personnummer at head', () => {
  const head = caseManagement.head;
  const before = caseManagement.versions.slice(1);

  it('has no personnummer field in any head request or response, at any depth', () => {
    const schemas = jsonSchemaFor(caseManagement, head.version).operations;
    for (const [id, operation] of Object.entries(schemas)) {
      expect(JSON.stringify(operation), id).not.toContain('personalIdentityNumber');
    }
    expect(Object.keys(schemas)).toEqual([...head.operations.keys()]);
    // and every older version still has it where it had it
    for (const version of before) {
      const createCase = jsonSchemaFor(caseManagement, version.version).operations.createCase;
      expect(JSON.stringify(createCase?.body), version.version).toContain('personalIdentityNumber');
    }
  });

  it.each(before.map((version) => version.version))(
    'createCase at %s: the number sent must be the login’s, and the head request carries no form of it',
    (version) => {
      const pinned = caseManagement.operation(version, 'createCase') as ResolvedOperation;
      fc.assert(
        fc.property(requestArbitrary(pinned), (request) => {
          const sent = String((request.body as { applicant: Json }).applicant.personalIdentityNumber);
          const atHead = translateRequest(caseManagement, version, 'createCase', request, login(sent));
          if (!atHead.ok) throw new Error('the citizen’s own application was refused');
          expect(JSON.stringify(atHead.value)).not.toMatch(formsOf(sent));
        }),
      );
    },
  );

  it.each(before.map((version) => version.version))(
    'createCase at %s: an application naming anyone but the logged-in person is applicant_mismatch (403)',
    (version) => {
      const pinned = caseManagement.operation(version, 'createCase') as ResolvedOperation;
      const refused = {
        ok: false,
        operationError: {
          code: 'applicant_mismatch',
          errorCase: applicantMismatch,
          detail: undefined,
          changeId: 'applicant-from-login',
        },
      };
      fc.assert(
        fc.property(requestArbitrary(pinned), validNumbers, (request, other) => {
          const sent = (request.body as { applicant: Json }).applicant.personalIdentityNumber;
          fc.pre(other !== sent);
          expect(translateRequest(caseManagement, version, 'createCase', request, login(other))).toEqual(
            refused,
          );
          // Nobody logged in: fails closed.
          expect(translateRequest(caseManagement, version, 'createCase', request)).toEqual(refused);
        }),
      );
      expect(pinned.errors.applicant_mismatch?.status).toBe(403);
    },
  );

  it.each([...head.operations.keys()])(
    '%s at head: even a business system that sends the number back, anywhere, shows no form of it',
    (id) => {
      const operation = head.operations.get(id) as ResolvedOperation;
      const withNumber = arbitraryFor(operation.response.body, 'output').chain((body) =>
        fc.record({
          body: fc.constant(body),
          at: fc.constantFrom(...objectPaths(body)),
          number: validNumbers,
        }),
      );
      fc.assert(
        fc.property(withNumber, ({ body, at, number }) => {
          let planted = plant(body, at, 'personalIdentityNumber', number);
          if ((body as Json).applicant !== undefined) {
            planted = plant(planted, ['applicant'], 'personalIdentityNumber', number);
          }
          const result = translateResponse(caseManagement, head.version, id, planted, login(number));
          if (!result.ok) throw new Error('a valid head response was refused');
          expect(JSON.stringify(result.value)).not.toMatch(formsOf(number));
        }),
      );
    },
  );

  it('gives older callers exactly the login’s number back, and needs the login to do so', () => {
    const caseAtHead = {
      caseId: 'BN-2026-1',
      applicationType: 'bygglov',
      title: 'Garage',
      description: '',
      propertyDesignation: 'UPPSALA KÅBO 5:12',
      applicant: { givenName: 'Tolvan', familyName: 'Tolvansson' },
      status: 'submitted',
      submittedAt: '2026-11-20T09:30:00Z',
    };
    expect(translateResponse(caseManagement, '2026-11-01', 'getCase', caseAtHead, login(someone))).toEqual({
      ok: true,
      value: { ...caseAtHead, applicant: { personalIdentityNumber: someone, ...caseAtHead.applicant } },
    });
    expect(() => translateResponse(caseManagement, '2026-11-01', 'getCase', caseAtHead)).toThrow(
      /applicant-from-login/,
    );
  });
});
