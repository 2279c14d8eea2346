import { compareApis } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { builtInContracts } from '../registry.ts';
import { apiDescriptionFromOpenApi } from './api-description.ts';
import { openApiDocument, servedDocument } from './document.ts';

const entry = builtInContracts[0] ?? { contract: caseManagement };
// biome-ignore lint/suspicious/noExplicitAny: reading JSON documents in tests
type Json = Record<string, any>;

describe('openApiDocument', () => {
  const oldest = openApiDocument(entry, '2026-01-15') as Json;
  const head = openApiDocument(entry, '2026-12-01') as Json;
  const november = openApiDocument(entry, '2026-11-01') as Json;

  it('is OpenAPI 3.1 with the version’s own shapes and only the operations it has', () => {
    expect(oldest.openapi).toBe('3.1.0');
    expect(oldest.info.version).toBe('2026-01-15');
    expect(Object.keys(oldest.paths).sort()).toEqual(['/cases', '/cases/{caseId}']);
    expect(Object.keys(head.paths).sort()).toEqual(['/cases', '/cases/{caseId}', '/cases/{caseId}/status']);
    const oldBody = oldest.paths['/cases'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(oldBody.properties)).toContain('subject');
    expect(Object.keys(oldBody.properties)).not.toContain('title');
    expect(oldBody.additionalProperties).toBe(false);
  });

  it('marks personal data on fields and lists it per operation', () => {
    const applicant =
      november.paths['/cases'].post.requestBody.content['application/json'].schema.properties.applicant;
    expect(applicant.properties.personalIdentityNumber['x-personal-data']).toBe(true);
    expect(head.paths['/cases'].post['x-brygga-personal-data'].request).toContain('$.applicant.givenName');
    // From 2026-12-01 the applicant is the login: no personnummer anywhere in the document, examples included.
    expect(JSON.stringify(head)).not.toMatch(/personalIdentityNumber|191212121212/);
    expect(oldest.paths['/cases'].post['x-brygga-personal-data'].request).toContain('$.applicant.name');
  });

  it('carries the version’s examples, the Brygga-Version header and a problem response per error status', () => {
    const create = oldest.paths['/cases'].post;
    expect(create.requestBody.content['application/json'].example.subject).toBe('Nybyggnad av garage');
    expect(create.responses['201'].content['application/json'].example).not.toHaveProperty('applicationType');
    expect(create.parameters.map((p: Json) => `${p.in}:${p.name}`)).toEqual([
      'header:brygga-version',
      'header:brygga-purpose',
      'header:idempotency-key',
    ]);
    expect(create.responses['201'].headers).toHaveProperty('Brygga-Version');
    const conflict = create.responses['409'];
    expect(conflict.content['application/problem+json'].examples.duplicate_submission.value.code).toBe(
      'duplicate_submission',
    );
    const unprocessable = Object.keys(create.responses['422'].content['application/problem+json'].examples);
    expect(unprocessable.sort()).toEqual(['property_not_found', 'validation_failed']);
    expect(create['x-brygga-errors']).toMatchObject({
      duplicate_submission: { status: 409, title: { sv: 'Ansökan är redan inskickad.' } },
      property_not_found: { status: 422 },
    });
  });

  it('holds no lifecycle: that is added only to the served document', () => {
    expect(JSON.stringify(oldest)).not.toContain('"deprecated"');
    const version = caseManagement.resolve('2026-01-15');
    if (!version) throw new Error('no version');
    const served = servedDocument(oldest as never, caseManagement, version, {
      publicUrl: 'https://brygga.exempel.se',
    }) as Json;
    expect(served.paths['/cases'].get.deprecated).toBe(true);
    expect(served.info['x-brygga-lifecycle']).toEqual({
      stability: 'stable',
      deprecated: '2026-10-01',
      sunset: '2027-04-01',
      isHead: false,
    });
    expect(served.servers).toEqual([{ url: 'https://brygga.exempel.se/api/case-management' }]);
    expect(served.components.securitySchemes.eService.scheme).toBe('basic');
  });

  it('maps onto the breaking-change rules: the rename between two versions is a finding, identity is none', () => {
    const v0401 = apiDescriptionFromOpenApi(openApiDocument(entry, '2026-04-01'));
    const v0115 = apiDescriptionFromOpenApi(oldest);
    expect(compareApis(v0115, v0115)).toEqual([]);
    const rules = compareApis(v0115, v0401).map(
      (finding) => `${finding.operationId} ${finding.rule} ${finding.path}`,
    );
    expect(rules).toContain('getCase response-property-removed /properties/subject');
    expect(rules).toContain('createCase request-property-added-required /properties/title');
    expect(rules).toContain('getCaseStatus operation-added ');
  });
});
