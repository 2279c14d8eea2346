import { isDeepStrictEqual } from 'node:util';
import {
  arrayItems,
  defineContract,
  defineOperation,
  editObjectAt,
  type RequestShape,
  renameField,
  translateRequest,
  translateResponse,
  type VersionChange,
} from '@brygga/contract';
import { z } from 'zod';
import type { ResultRow } from '../lib/table.ts';

// A synthetic contract whose oldest version is ten version changes away from its head: renames at the top, in a
// nested object and in list items, a split name, a nested contact object, a defaulted new field and a lossy
// status mapping: the kinds of change the case-management worked example has, ten deep.

const targetP99Us = 50;
type Json = Record<string, unknown>;

const statuses = ['submitted', 'under_review', 'supplement_requested', 'approved', 'rejected'] as const;
const olderStatuses = {
  submitted: 'submitted',
  under_review: 'under_review',
  supplement_requested: 'under_review',
  approved: 'decided',
  rejected: 'decided',
} as const;

const contact = { email: z.email().optional(), phoneNumber: z.string().max(30).optional() };
const requestBody = z.strictObject({
  applicationType: z.enum(['bygglov', 'rivningslov', 'marklov']),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  propertyDesignation: z.string().regex(/^[A-ZÅÄÖ][A-Za-zÅÄÖåäö -]* \d{1,4}:\d{1,4}$/),
  reference: z.string().max(64).optional(),
  applicant: z.strictObject({
    personalIdentityNumber: z.string().regex(/^\d{12}$/),
    givenName: z.string().max(200),
    familyName: z.string().min(1).max(200),
    contact: z.strictObject(contact),
  }),
  attachments: z
    .array(
      z.strictObject({ fileName: z.string().max(255), mediaType: z.string(), sizeBytes: z.int().min(0) }),
    )
    .max(20),
});
const responseBody = z.object({
  caseId: z.string(),
  applicationType: z.enum(['bygglov', 'rivningslov', 'marklov']),
  title: z.string(),
  description: z.string(),
  propertyDesignation: z.string(),
  reference: z.string().optional(),
  applicant: z.object({
    personalIdentityNumber: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    contact: z.object({ email: z.string().optional(), phoneNumber: z.string().optional() }),
  }),
  attachments: z.array(z.object({ fileName: z.string(), mediaType: z.string(), sizeBytes: z.number() })),
  status: z.enum(statuses),
  submittedAt: z.iso.datetime(),
});

const submitCase = defineOperation({
  id: 'submitCase',
  method: 'post',
  path: '/cases',
  summary: { sv: 'Skicka in', en: 'Submit' },
  request: { body: requestBody },
  response: { status: 201, body: responseBody },
  errors: {},
  idempotent: true,
  actsForCitizen: true,
});

const onBody = (
  shape: RequestShape,
  path: readonly string[],
  edit: (o: z.ZodObject) => z.ZodType,
): RequestShape => ({
  ...shape,
  body: editObjectAt(shape.body as z.ZodType, path, edit),
});
const text = (en: string) => ({ sv: en, en });

/** A rename of `from` (newer) to `to` (older) at `path`, in both the request and the response. */
function rename(
  id: string,
  path: readonly string[],
  from: string,
  to: string,
  inRequest = true,
): VersionChange {
  const move = (value: Json, a: string, b: string): Json => {
    if (!(a in value)) return value;
    const { [a]: moved, ...rest } = value;
    return { ...rest, [b]: moved };
  };
  const at = (value: unknown, steps: readonly string[], edit: (object: Json) => Json): unknown => {
    if (steps.length === 0) return edit(value as Json);
    const [step, ...rest] = steps;
    if (step === arrayItems) return (value as unknown[]).map((item) => at(item, rest, edit));
    const object = value as Json;
    return { ...object, [step as string]: at(object[step as string], rest, edit) };
  };
  return {
    id,
    description: text(`${from} is now called ${to}`),
    sideEffects: false,
    operations: {
      submitCase: {
        ...(inRequest
          ? {
              request: (shape: RequestShape) =>
                onBody(shape, path, (object) => renameField(object, from, to)),
              up: (older: { body: unknown }) => ({
                ...older,
                body: at(older.body, path, (o) => move(o, to, from)),
              }),
            }
          : {}),
        response: (body: z.ZodType) => editObjectAt(body, path, (object) => renameField(object, from, to)),
        down: (body: unknown) => at(body, path, (o) => move(o, from, to)),
      },
    },
  } as VersionChange;
}

const flattenContact = (applicant: Json): Json => {
  const { contact: inner, ...rest } = applicant as Json & { contact: Json };
  return { ...rest, ...inner };
};
const nestContact = (applicant: Json): Json => {
  const { email, phoneNumber, ...rest } = applicant;
  return {
    ...rest,
    contact: {
      ...(email === undefined ? {} : { email }),
      ...(phoneNumber === undefined ? {} : { phoneNumber }),
    },
  };
};
const splitName = (name: string) => {
  const at = name.lastIndexOf(' ');
  return at <= 0
    ? { givenName: '', familyName: name }
    : { givenName: name.slice(0, at), familyName: name.slice(at + 1) };
};

// Newest first, like the versions they are registered under.
const changes: VersionChange[] = [
  {
    id: 'reference-and-case-id',
    description: text('caseRef is now caseId, externalRef is now reference'),
    sideEffects: false,
    operations: {
      submitCase: {
        request: (shape) => onBody(shape, [], (o) => renameField(o, 'reference', 'externalRef')),
        up: (older) => {
          const { externalRef, ...body } = older.body as Json;
          return { ...older, body: externalRef === undefined ? body : { ...body, reference: externalRef } };
        },
        response: (body) =>
          editObjectAt(body, [], (o) =>
            renameField(renameField(o, 'caseId', 'caseRef'), 'reference', 'externalRef'),
          ),
        down: (body) => {
          const { caseId, reference, ...rest } = body as Json;
          return { ...rest, caseRef: caseId, ...(reference === undefined ? {} : { externalRef: reference }) };
        },
      },
    },
  },
  {
    id: 'nested-contact',
    description: text('e-mail and phone moved into applicant.contact'),
    sideEffects: false,
    operations: {
      submitCase: {
        request: (shape) => onBody(shape, ['applicant'], (o) => o.omit({ contact: true }).extend(contact)),
        up: (older) => {
          const body = older.body as Json & { applicant: Json };
          return { ...older, body: { ...body, applicant: nestContact(body.applicant) } };
        },
        response: (body) =>
          editObjectAt(body, ['applicant'], (o) =>
            o
              .omit({ contact: true })
              .extend({ email: z.string().optional(), phoneNumber: z.string().optional() }),
          ),
        down: (body) => {
          const found = body as Json & { applicant: Json };
          return { ...found, applicant: flattenContact(found.applicant) };
        },
      },
    },
  },
  {
    id: 'status-workflow',
    description: text('five statuses instead of three'),
    sideEffects: true,
    operations: {
      submitCase: {
        response: (body) =>
          editObjectAt(body, [], (o) =>
            o.extend({ status: z.enum(['submitted', 'under_review', 'decided']) }),
          ),
        down: (body) => {
          const found = body as Json & { status: keyof typeof olderStatuses };
          return { ...found, status: olderStatuses[found.status] };
        },
      },
    },
  },
  rename('phone-number', ['applicant'], 'phoneNumber', 'phone'),
  rename('attachment-file-name', ['attachments', arrayItems], 'fileName', 'filename'),
  rename('property-designation', [], 'propertyDesignation', 'property'),
  {
    id: 'application-type',
    description: text('applications state their type'),
    sideEffects: false,
    operations: {
      submitCase: {
        request: (shape) => onBody(shape, [], (o) => o.omit({ applicationType: true })),
        up: (older) => ({ ...older, body: { ...(older.body as Json), applicationType: 'bygglov' } }),
        response: (body) => editObjectAt(body, [], (o) => o.omit({ applicationType: true })),
        down: (body) => {
          const { applicationType: _, ...rest } = body as Json;
          return rest;
        },
      },
    },
  },
  {
    id: 'split-name',
    description: text('given and family name'),
    sideEffects: false,
    operations: {
      submitCase: {
        request: (shape) =>
          onBody(shape, ['applicant'], (o) =>
            o.omit({ givenName: true, familyName: true }).extend({ name: z.string().trim().min(1).max(200) }),
          ),
        up: (older) => {
          const body = older.body as Json & { applicant: Json & { name: string } };
          const { name, ...applicant } = body.applicant;
          return { ...older, body: { ...body, applicant: { ...applicant, ...splitName(name) } } };
        },
        response: (body) =>
          editObjectAt(body, ['applicant'], (o) =>
            o.omit({ givenName: true, familyName: true }).extend({ name: z.string() }),
          ),
        down: (body) => {
          const found = body as Json & { applicant: Json & { givenName: string; familyName: string } };
          const { givenName, familyName, ...applicant } = found.applicant;
          return {
            ...found,
            applicant: { ...applicant, name: givenName === '' ? familyName : `${givenName} ${familyName}` },
          };
        },
      },
    },
  },
  rename('description-text', [], 'description', 'text'),
  rename('title-subject', [], 'title', 'subject'),
];

const versionIds = Array.from({ length: 11 }, (_, index) => `2025-${String(11 - index).padStart(2, '0')}-01`);
const contract = defineContract({
  name: 'bench-cases',
  title: text('Bench'),
  description: text('Ten changes deep'),
  operations: [submitCase],
  versions: versionIds.map((version, index) => ({
    version,
    stability: 'stable' as const,
    changes: index < changes.length ? [changes[index] as VersionChange] : [],
  })),
});
const head = versionIds[0] as string;
const oldest = versionIds.at(-1) as string;

const attachments = Array.from({ length: 5 }, (_, index) => ({
  fileName: `ritning-${index + 1}.pdf`,
  mediaType: 'application/pdf',
  sizeBytes: 182_000 + index * 1_337,
}));
const headRequest = {
  body: {
    applicationType: 'bygglov',
    title: 'Tillbyggnad av enbostadshus',
    description:
      'Tillbyggnad om 25 kvadratmeter mot trädgården, med altan och nytt fönsterparti mot söder.'.repeat(4),
    propertyDesignation: 'UPPSALA KÅBO 5:12',
    reference: 'E-2026-0042',
    applicant: {
      personalIdentityNumber: '191212121212',
      givenName: 'Tolvan',
      familyName: 'Tolvansson',
      contact: { email: 'tolvan@example.se', phoneNumber: '+46 70 123 45 67' },
    },
    attachments,
  },
};
const oldRequest = {
  body: {
    subject: headRequest.body.title,
    text: headRequest.body.description,
    property: headRequest.body.propertyDesignation,
    externalRef: headRequest.body.reference,
    applicant: {
      personalIdentityNumber: '191212121212',
      name: 'Tolvan Tolvansson',
      email: 'tolvan@example.se',
      phone: '+46 70 123 45 67',
    },
    attachments: attachments.map(({ fileName, ...rest }) => ({ filename: fileName, ...rest })),
  },
};
const headResponse = {
  caseId: 'BN-2026-001234',
  ...headRequest.body,
  status: 'supplement_requested',
  submittedAt: '2026-11-20T09:30:00Z',
  caseOfficer: 'not in any version',
};

function translated(): void {
  const request = translateRequest(contract, oldest, 'submitCase', oldRequest);
  const response = translateResponse(contract, oldest, 'submitCase', headResponse);
  if (!request.ok || !response.ok) throw new Error('translation failed');
}

function validatedOnly(): void {
  const request = translateRequest(contract, head, 'submitCase', headRequest);
  const response = translateResponse(contract, head, 'submitCase', headResponse);
  if (!request.ok || !response.ok) throw new Error('validation failed');
}

/** Per-call times in µs: one request in and its response out, `samples` times after a warm-up. */
function measure(call: () => void, samples: number): number[] {
  for (let index = 0; index < 5_000; index++) call();
  const times = new Array<number>(samples);
  for (let index = 0; index < samples; index++) {
    const started = performance.now();
    call();
    times[index] = (performance.now() - started) * 1000;
  }
  return times.sort((a, b) => a - b);
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
const us = (value: number) => `${value.toFixed(1)} µs`;

/**
 * Translation overhead: a request validated at the oldest version and migrated up through ten version changes,
 * and a head response migrated down through the same ten and validated there, against the same call at the
 * head, where translation is validation alone. In-process and synchronous, as the gateway runs it per call.
 */
export async function translation(runs: number): Promise<ResultRow[]> {
  // The benchmark must measure the real path: check once that the chain gives the head request and strips.
  const up = translateRequest(contract, oldest, 'submitCase', oldRequest);
  const expected = translateRequest(contract, head, 'submitCase', headRequest);
  if (!up.ok || !expected.ok || !isDeepStrictEqual(up.value, expected.value)) {
    throw new Error('the ten-change chain does not reach the head request');
  }
  const down = translateResponse(contract, oldest, 'submitCase', headResponse);
  if (!down.ok || 'caseOfficer' in (down.value as Json) || (down.value as Json).status !== 'under_review') {
    throw new Error('the ten-change chain does not give the oldest response');
  }
  const samples = Math.max(10_000, runs * 1_000);
  const validation = measure(validatedOnly, samples);
  const chain = measure(translated, samples);
  const p99 = quantile(chain, 0.99);
  return [
    {
      benchmark: 'translation',
      metric: 'validation alone (head), request + response',
      n: samples,
      median: us(quantile(validation, 0.5)),
      p90: `${us(quantile(validation, 0.99))} (p99)`,
      target: '–',
      met: undefined,
    },
    {
      benchmark: 'translation',
      metric: 'through 10 version changes, request + response',
      n: samples,
      median: us(quantile(chain, 0.5)),
      p90: `${us(p99)} (p99)`,
      target: `p99 < ${targetP99Us} µs`,
      met: p99 < targetP99Us,
    },
  ];
}
