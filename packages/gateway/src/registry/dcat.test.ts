import { describe, expect, it } from 'vitest';
import { builtInContracts } from '../contracts/registry.ts';
import { registerCatalog } from './dcat.ts';
import { fixedNow, registryConfig } from './fixtures.test-support.ts';
import { buildRegister } from './register.ts';

describe('registerCatalog', () => {
  const config = registryConfig();
  const register = buildRegister(config, { contracts: builtInContracts, now: fixedNow });
  const catalog = registerCatalog(register, {
    publicUrl: config.server.publicUrl,
    contact: config.organisation?.contact,
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON-LD is read as plain data here.
  const dataset = (catalog['dcat:dataset'] as any[])[0];

  it('is a dcat:Catalog with the mandatory DCAT-AP properties', () => {
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect(catalog['@context']).toMatchObject({
      dcat: 'http://www.w3.org/ns/dcat#',
      dcterms: 'http://purl.org/dc/terms/',
    });
    expect(catalog['dcterms:title']).toBeDefined();
    expect(catalog['dcterms:description']).toBeDefined();
    expect(catalog['dcterms:publisher']).toEqual({
      '@type': 'foaf:Agent',
      'foaf:name': 'Exempelstads kommun',
    });
  });

  it('holds the register as one dataset with JSON and CSV distributions at the public URL', () => {
    expect(dataset['@type']).toBe('dcat:Dataset');
    expect(dataset['dcat:contactPoint']['vcard:hasEmail']).toEqual({
      '@id': 'mailto:dataskyddsombud@exempel.se',
    });
    const distributions = dataset['dcat:distribution'];
    expect(
      distributions.map((each: { 'dcat:accessURL': { '@id': string } }) => each['dcat:accessURL']['@id']),
    ).toEqual(['https://brygga.exempel.se/register', 'https://brygga.exempel.se/register.csv']);
    expect(distributions[0]['dcterms:format']).toEqual({
      '@id': 'http://publications.europa.eu/resource/authority/file-type/JSON',
    });
    expect(distributions[0]['dcterms:conformsTo']).toEqual({
      '@id': 'https://brygga.exempel.se/register/schema.json',
    });
    expect(distributions[1]['dcterms:format']['@id']).toMatch(/file-type\/CSV$/);
    const service = (catalog['dcat:service'] as { 'dcat:servesDataset': { '@id': string } }[])[0];
    expect(service?.['dcat:servesDataset']['@id']).toBe(dataset['@id']);
  });

  it('names no staff member', () => {
    const text = JSON.stringify(catalog);
    expect(text).not.toContain('karin@exempel.se');
    expect(text).not.toContain('Karin Lindqvist');
  });
});
