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
import { type BryggaConfig, type CheckOptions, checkConfigText, formatIssues } from '../config/index.ts';
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

/** One e-service of a contract test's configuration: a Basic-authenticated client on case-management. */
export interface TestEService {
  readonly id: string;
  /** The environment variable holding the client secret. */
  readonly secretEnv: string;
  /** The case-management version the e-service is pinned to. */
  readonly version: string;
  /** Defaults to the id. */
  readonly clientId?: string;
  /** YAML flow text; defaults to `{ sv: Tjänst <id>, en: Service <id> }`. */
  readonly name?: string;
  /** YAML flow text; defaults to `{ sv: Test. }`. */
  readonly description?: string;
  readonly owner?: string;
  readonly delivery?: 'direct' | 'outbox';
}

export interface TestConfigOptions {
  readonly eServices: readonly TestEService[];
  /** The `businessSystems` list items as YAML; defaults to the one `arende` system on case-management. */
  readonly businessSystems?: string;
  /** YAML placed after the retention classes (a `storage:` line, say). */
  readonly storage?: string;
  /** YAML appended after the keys (an `outbox:` section, say). */
  readonly extra?: string;
}

const arendeSystem = `
  - id: arende
    name: Ärendehantering
    owner: Stadsbyggnadsförvaltningen
    adapter: "@brygga/adapter-case-management"
    baseUrl: https://arende.intern.exempel.se
    contracts: [case-management]`;

function eServiceYaml(eService: TestEService): string {
  const delivery = eService.delivery === undefined ? '' : `, delivery: ${eService.delivery}`;
  return `
  - id: ${eService.id}
    name: ${eService.name ?? `{ sv: Tjänst ${eService.id}, en: Service ${eService.id} }`}
    description: ${eService.description ?? '{ sv: Test. }'}
    owner: ${eService.owner ?? 'Stadsbyggnadsnämnden'}
    responsible: { name: Karin Lindqvist, email: karin@exempel.se }
    vendor: { name: Exempel AB, contact: support@exempel.se }
    lifecycle: live
    client:
      clientId: ${eService.clientId ?? eService.id}
      tokenEndpointAuthMethod: client_secret_basic
      clientSecret: { env: ${eService.secretEnv} }
      redirectUris: [https://${eService.clientId ?? eService.id}.exempel.se/callback]
    identityProviders: [bankid]
    contracts: [{ contract: case-management, version: ${eService.version}${delivery} }]
    purposes: [handlagga-bygglov]`;
}

/**
 * The configuration the contract tests start a gateway (or run a CLI command) with: a BankID provider, the given
 * e-services on case-management, one purpose and retention class, and the audit keys from `fixtureEnv`.
 */
export function contractsConfigText(options: TestConfigOptions): string {
  return `environment: test
identityProviders:
  - id: bankid
    name: BankID
    kind: bankid
    issuer: https://bankid.exempel.se
    clientId: brygga
    clientAuthentication: { method: client_secret_basic, clientSecret: { env: BRYGGA_BANKID_CLIENT_KEY } }
eServices:${options.eServices.map(eServiceYaml).join('')}
businessSystems:${options.businessSystems ?? arendeSystem}
purposes:
  - id: handlagga-bygglov
    purpose: { sv: Handlägga bygglov., en: Process building permits. }
    legalBasis: { article: 6(1)(e) }
    dataCategories: [personnummer]
    dataSubjectCategories: [sökande]
    retentionClass: tio-ar
retentionClasses: [{ id: tio-ar, duration: P10Y, description: Tio år. }]
${options.storage === undefined ? '' : `${options.storage}\n`}keys:
  auditHmac: { keyId: a1, key: { env: BRYGGA_AUDIT_HMAC_KEY } }
  checkpointSigning: { keyId: c1, key: { env: BRYGGA_CHECKPOINT_SIGNING_KEY } }
${options.extra === undefined ? '' : `${options.extra}\n`}`;
}

/** `contractsConfigText`, checked as the gateway checks it; throws the formatted issues if it is not valid. */
export function contractsConfig(options: TestConfigOptions, check: CheckOptions): BryggaConfig {
  const result = checkConfigText(contractsConfigText(options), check);
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

/** The Authorization header an e-service sends: HTTP Basic with its client id and secret. */
export function basicAuthorization(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}
