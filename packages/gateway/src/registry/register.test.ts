import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { secretValues } from '../config/test-fixtures.ts';
import { builtInContracts } from '../contracts/registry.ts';
import {
  configFrom,
  fixedNow,
  registryConfig,
  registryConfigData,
  staffEmails,
} from './fixtures.test-support.ts';
import { buildRegister, lowestAssurance } from './register.ts';
import { registerJsonSchema } from './register-schema.ts';

function validator() {
  // Formats are not checked by ajv without ajv-formats; zod also emits a pattern for each, which ajv does check.
  const ajv = new Ajv2020({ strict: true, validateFormats: false });
  return ajv.compile(registerJsonSchema('https://brygga.exempel.se/register/schema.json'));
}

const personnummerLike = /\b(?:\d{2})?\d{6}[-+]?\d{4}\b/;

describe('buildRegister', () => {
  const config = registryConfig();
  const register = buildRegister(config, { contracts: builtInContracts, now: fixedNow });

  it('validates against its own published JSON Schema', () => {
    const validate = validator();
    const valid = validate(JSON.parse(JSON.stringify(register)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema refuses a document that breaks it (the validation is real)', () => {
    const validate = validator();
    const broken = JSON.parse(JSON.stringify(register));
    broken.eServices[0].responsible = { name: 'X', email: 'not an e-mail' };
    expect(validate(broken)).toBe(false);
    const extra = JSON.parse(JSON.stringify(register));
    extra.eServices[0].personnummer = '19121212-1212';
    expect(validate(extra)).toBe(false);
  });

  it('describes every e-service from the configuration', () => {
    expect(register.publisher).toBe('Exempelstads kommun');
    expect(register.generatedAt).toBe(fixedNow.toISOString());
    expect(register.eServices.map((entry) => entry.id)).toEqual(['bygglov-ansokan', 'mina-sidor']);
    const [bygglov, minaSidor] = register.eServices;
    expect(bygglov).toMatchObject({
      name: { sv: 'Ansök om bygglov', en: 'Apply for a building permit' },
      owner: 'Stadsbyggnadsnämnden',
      vendor: { name: 'Exempel AB' },
      lifecycle: 'live',
      liveStatus: 'unknown',
      accessibilityStatementUrl: null,
      businessSystems: [
        { id: 'arendehantering', name: 'Ärendehantering', owner: 'Stadsbyggnadsförvaltningen' },
      ],
      purposes: [
        { id: 'handlagga-bygglov', purpose: { sv: 'Handlägga bygglov.', en: 'Process building permits.' } },
      ],
      retention: [{ class: 'arende-10ar', duration: 'P10Y' }],
      assuranceLevel: 'loa3',
    });
    expect(bygglov?.contracts).toEqual([
      {
        contract: 'case-management',
        version: '2026-01-15',
        lifecycle: 'deprecated',
        deprecated: '2026-10-01',
        sunset: '2027-04-01',
        businessSystem: 'arendehantering',
      },
    ]);
    expect(minaSidor?.description.en).toBe('Your cases.');
    expect(minaSidor?.accessibilityStatementUrl).toBe('https://exempel.se/tillganglighet');
    // The union of its purposes' categories, each once.
    expect(minaSidor?.personalDataCategories).toEqual(['personnummer', 'namn', 'adress']);
    // Whether the e-service itself gets the personnummer, and why: only when its registration declares the need.
    expect(bygglov?.receivesPersonnummer).toBeNull();
    expect(minaSidor?.receivesPersonnummer).toEqual({
      purpose: 'forskola-ko',
      reason: {
        sv: 'Kön ordnas efter barnets personnummer.',
        en: "The queue is ordered by the child's personnummer.",
      },
    });
    expect(minaSidor?.retention.map((each) => each.class)).toEqual(['arende-10ar', 'ko-2ar']);
    // A version this build does not know is reported as such, not guessed.
    expect(minaSidor?.contracts[0]?.version).toBe('2025-06-01');
    expect(minaSidor?.contracts[0]?.lifecycle).toBe('unknown');
  });

  it('takes the live status from the injected lookup', () => {
    const withStatus = buildRegister(config, {
      contracts: builtInContracts,
      now: fixedNow,
      status: (id) => (id === 'mina-sidor' ? 'down' : 'up'),
    });
    expect(withStatus.eServices.map((entry) => entry.liveStatus)).toEqual(['up', 'down']);
  });

  it('contains no citizen data, no secrets, no vendor contact and no staff contact unless marked public', () => {
    const text = JSON.stringify(register);
    expect(text).not.toMatch(personnummerLike);
    for (const secret of secretValues) expect(text).not.toContain(secret);
    for (const email of staffEmails) expect(text).not.toContain(email);
    expect(text).not.toContain('Karin Lindqvist');
    expect(text).not.toContain('support@exempel.se');
    // Internal addresses of business systems are not open data either.
    expect(text).not.toContain('intern.exempel.se');
    expect(register.eServices.every((entry) => entry.responsible === null)).toBe(true);
  });

  it('publishes the responsible person only where the configuration marks it public', () => {
    const data = registryConfigData();
    data.eServices[0].responsible.public = true;
    const published = buildRegister(configFrom(data), { contracts: builtInContracts, now: fixedNow });
    expect(published.eServices[0]?.responsible).toEqual({
      name: 'Karin Lindqvist',
      email: 'karin@exempel.se',
    });
    expect(published.eServices[1]?.responsible).toBeNull();
    expect(JSON.stringify(published)).not.toContain('ali@exempel.se');
  });

  it('says "not stated" (null) for the publisher when no organisation is configured', () => {
    const data = registryConfigData();
    delete data.organisation;
    expect(buildRegister(configFrom(data), { contracts: [], now: fixedNow }).publisher).toBeNull();
  });
});

describe('lowestAssurance', () => {
  it('is the weakest recognised level, and unknown when any value cannot be ranked', () => {
    expect(
      lowestAssurance(['http://id.elegnamnden.se/loa/1.0/loa4', 'http://id.elegnamnden.se/loa/1.0/loa3']),
    ).toBe('loa3');
    expect(lowestAssurance(['http://id.swedenconnect.se/loa/1.0/uncertified-loa2'])).toBe('loa2');
    expect(lowestAssurance(['http://id.elegnamnden.se/loa/1.0/loa3', 'urn:example:strong'])).toBeNull();
    expect(lowestAssurance([])).toBeNull();
  });
});
