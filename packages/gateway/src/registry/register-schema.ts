import { z } from 'zod';

/*
 * The published schema of the open-data register (GET /register/schema.json). Written by hand rather than derived
 * from the TypeScript types so that it is a reviewed public promise: the register test validates real output
 * against the JSON Schema generated from it.
 */

const localised = z.strictObject({ sv: z.string(), en: z.string() });
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

const entry = z
  .strictObject({
    id: id.describe('Stable id of the e-service.'),
    name: localised.describe('Name in Swedish and English.'),
    description: z
      .strictObject({ sv: z.string(), en: z.string().nullable() })
      .describe('What the e-service is for, in plain language.'),
    owner: z.string().describe('The organisation that owns the e-service.'),
    responsible: z
      .strictObject({ name: z.string(), email: z.email() })
      .nullable()
      .describe('The person responsible (förvaltningsansvarig); null unless published by choice.'),
    vendor: z.strictObject({ name: z.string() }).describe('The company that builds and maintains it.'),
    contracts: z
      .array(
        z.strictObject({
          contract: id,
          version: z.iso.date().describe('The pinned contract version.'),
          lifecycle: z.enum(['active', 'deprecated', 'sunset', 'unknown']),
          deprecated: z.string().nullable().describe('From when the version is deprecated (ISO 8601).'),
          sunset: z.string().nullable().describe('From when the version answers 410 Gone (ISO 8601).'),
          businessSystem: id,
        }),
      )
      .describe('The contracts it uses, each pinned to one version.'),
    businessSystems: z
      .array(z.strictObject({ id, name: z.string(), owner: z.string() }))
      .describe('The business systems it reaches.'),
    purposes: z
      .array(z.strictObject({ id, purpose: localised }))
      .describe('The processing activities (GDPR art. 30) it performs.'),
    personalDataCategories: z.array(z.string()).describe('Categories of personal data it processes.'),
    receivesPersonnummer: z
      .strictObject({ purpose: id, reason: localised })
      .nullable()
      .describe(
        "Whether the e-service itself receives citizens' personnummer at login, for which purpose and why; null when it never does (it gets a pairwise identifier only).",
      ),
    retention: z
      .array(z.strictObject({ class: id, duration: z.iso.duration() }))
      .describe('How long the data is kept.'),
    acceptedAcr: z.array(z.string()).describe('Levels of assurance (acr values) a citizen login must have.'),
    assuranceLevel: z
      .string()
      .regex(/^loa\d$/)
      .nullable()
      .describe('The lowest Swedish level of assurance accepted, e.g. loa3.'),
    accessibilityStatementUrl: z.url().nullable().describe('The accessibility statement.'),
    lifecycle: z.enum(['development', 'live', 'retired']),
    liveStatus: z.enum(['up', 'degraded', 'down', 'unknown']),
  })
  .describe('One e-service of the register.');

export const registerDocumentSchema = z
  .strictObject({
    generatedAt: z.iso.datetime().describe('When the register was generated.'),
    publisher: z.string().nullable().describe('The organisation that publishes the register.'),
    eServices: z.array(entry),
  })
  .describe('Brygga e-service register (kanalregistret) / E-service register.');

/** The register's JSON Schema (draft 2020-12). */
export function registerJsonSchema(id?: string): Record<string, unknown> {
  const schema = z.toJSONSchema(registerDocumentSchema, { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return id === undefined ? schema : { ...schema, $id: id };
}
