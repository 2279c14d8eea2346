import type { Register } from './register.ts';

/** Where the register is published: the gateway's public URL and the paths of its open-data routes. */
export interface CatalogLinks {
  readonly publicUrl: string;
  readonly contact?: string | undefined;
}

export const registerPaths = {
  json: '/register',
  csv: '/register.csv',
  catalog: '/register/catalog.jsonld',
  schema: '/register/schema.json',
} as const;

// EU Publications Office authority tables, which DCAT-AP (and DCAT-AP-SE, harvested by dataportal.se) require
// for dcterms:format, dcat:theme, dcterms:language and dcterms:accessRights.
const authority = 'http://publications.europa.eu/resource/authority';
const iana = 'https://www.iana.org/assignments/media-types';

/**
 * The register as a DCAT-AP catalogue record in JSON-LD. Choice: one dcat:Dataset, the register itself, with a
 * JSON and a CSV dcat:Distribution and a dcat:DataService for the API. National portals harvest datasets; one
 * dataset per e-service would list a hundred "datasets" that hold no data of their own. Pure.
 */
export function registerCatalog(register: Register, links: CatalogLinks): Record<string, unknown> {
  const base = links.publicUrl.replace(/\/+$/, '');
  const url = (path: string) => `${base}${path}`;
  const publisher = {
    // dcterms:publisher (mandatory on the catalogue, recommended on the dataset): a foaf:Agent with foaf:name.
    '@type': 'foaf:Agent',
    'foaf:name': register.publisher ?? 'Brygga',
  };
  const contactPoint =
    links.contact === undefined
      ? undefined
      : {
          // dcat:contactPoint: a vcard:Kind; an e-mail address becomes vcard:hasEmail.
          '@type': 'vcard:Organization',
          'vcard:fn': register.publisher ?? 'Brygga',
          ...(links.contact.includes('@') && !links.contact.includes(' ')
            ? { 'vcard:hasEmail': { '@id': `mailto:${links.contact}` } }
            : { 'vcard:note': links.contact }),
        };
  const distribution = (path: string, format: 'JSON' | 'CSV', mediaType: string, title: string) => ({
    '@id': `${url(path)}#distribution`,
    '@type': 'dcat:Distribution',
    'dcterms:title': [text('sv', `E-tjänsteregistret som ${format}`), text('en', title)],
    // dcat:accessURL is mandatory; dcat:downloadURL tells harvesters the file can be fetched directly.
    'dcat:accessURL': { '@id': url(path) },
    'dcat:downloadURL': { '@id': url(path) },
    'dcterms:format': { '@id': `${authority}/file-type/${format}` },
    'dcat:mediaType': { '@id': `${iana}/${mediaType}` },
    'dcterms:license': { '@id': 'http://creativecommons.org/publicdomain/zero/1.0/' },
    'dcterms:modified': dateTime(register.generatedAt),
    ...(format === 'JSON' ? { 'dcterms:conformsTo': { '@id': url(registerPaths.schema) } } : {}),
  });
  const dataset = {
    '@id': `${url(registerPaths.json)}#dataset`,
    '@type': 'dcat:Dataset',
    'dcterms:identifier': url(registerPaths.json),
    'dcterms:title': [text('sv', 'E-tjänsteregistret'), text('en', 'The e-service register')],
    'dcterms:description': [
      text(
        'sv',
        'Alla e-tjänster som använder integrationsplattformen Brygga: ägare, leverantör, kontrakt och versioner, verksamhetssystem, ändamål, kategorier av personuppgifter, gallring, tillitsnivå, tillgänglighetsredogörelse och status.',
      ),
      text(
        'en',
        'Every e-service that uses the Brygga integration gateway: owner, vendor, contracts and versions, business systems, purposes, personal-data categories, retention, level of assurance, accessibility statement and status.',
      ),
    ],
    'dcat:keyword': [text('sv', 'e-tjänster'), text('sv', 'kanalregister'), text('en', 'e-services')],
    // dcat:theme from the EU data-theme table: GOVE = government and public sector.
    'dcat:theme': { '@id': `${authority}/data-theme/GOVE` },
    'dcterms:language': [{ '@id': `${authority}/language/SWE` }, { '@id': `${authority}/language/ENG` }],
    'dcterms:accessRights': { '@id': `${authority}/access-right/PUBLIC` },
    'dcterms:publisher': publisher,
    ...(contactPoint === undefined ? {} : { 'dcat:contactPoint': contactPoint }),
    'dcterms:modified': dateTime(register.generatedAt),
    // dcterms:accrualPeriodicity: CONT, the register is generated from the live configuration on every request.
    'dcterms:accrualPeriodicity': { '@id': `${authority}/frequency/CONT` },
    'dcat:distribution': [
      distribution(registerPaths.json, 'JSON', 'application/json', 'The e-service register as JSON'),
      distribution(registerPaths.csv, 'CSV', 'text/csv', 'The e-service register as CSV'),
    ],
  };
  const service = {
    // dcat:DataService (DCAT 2 / DCAT-AP 2+): the read-only API the city's rules require, serving the dataset.
    '@id': `${url(registerPaths.json)}#api`,
    '@type': 'dcat:DataService',
    'dcterms:title': [text('sv', 'E-tjänsteregistrets API'), text('en', 'The e-service register API')],
    'dcat:endpointURL': { '@id': url(registerPaths.json) },
    'dcat:endpointDescription': { '@id': url(registerPaths.schema) },
    'dcat:servesDataset': { '@id': dataset['@id'] },
    'dcterms:accessRights': { '@id': `${authority}/access-right/PUBLIC` },
    'dcterms:license': { '@id': 'http://creativecommons.org/publicdomain/zero/1.0/' },
    'dcterms:publisher': publisher,
  };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dcterms: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${url(registerPaths.catalog)}#catalog`,
    '@type': 'dcat:Catalog',
    'dcterms:title': [text('sv', 'Brygga: öppna data'), text('en', 'Brygga: open data')],
    'dcterms:description': [
      text('sv', 'Öppna data från integrationsplattformen Brygga.'),
      text('en', 'Open data from the Brygga integration gateway.'),
    ],
    'dcterms:publisher': publisher,
    'dcterms:modified': dateTime(register.generatedAt),
    'dcat:dataset': [dataset],
    'dcat:service': [service],
  };
}

function text(language: 'sv' | 'en', value: string) {
  return { '@value': value, '@language': language };
}

function dateTime(value: string) {
  return { '@value': value, '@type': 'xsd:dateTime' };
}
