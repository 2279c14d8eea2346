import { describe, expect, it } from 'vitest';
import { checkConfigText } from '../config/index.ts';
import { fixtureEnv, toYaml } from '../config/test-fixtures.ts';
import { configFrom, fixedNow, registryConfig, registryConfigData } from './fixtures.test-support.ts';
import { durationText, processingRecordPage } from './processing-page.ts';
import { buildRecordOfProcessing } from './processing-record.ts';

describe('buildRecordOfProcessing', () => {
  const config = registryConfig();
  const record = buildRecordOfProcessing(config, { now: fixedNow });

  it('lists every configured purpose with every art. 30(1) field filled in', () => {
    expect(record.activities.map((activity) => activity.id)).toEqual(
      config.purposes.map((purpose) => purpose.id),
    );
    for (const activity of record.activities) {
      expect(activity.purpose.sv).not.toBe('');
      expect(activity.purpose.en).not.toBe('');
      expect(activity.legalBasis.article).toMatch(/^6\(1\)\([a-f]\)$/);
      expect(activity.legalBasis.name.sv).not.toBe('');
      expect(activity.dataSubjectCategories.length).toBeGreaterThan(0);
      expect(activity.personalDataCategories.length).toBeGreaterThan(0);
      expect(activity.recipients.eServices.length).toBeGreaterThan(0);
      expect(activity.retention).not.toBeNull();
    }
    expect(record.controller).toEqual({ name: 'Exempelstads kommun', contact: 'dataskyddsombud@exempel.se' });
  });

  it('names recipients, legal basis and retention as configured', () => {
    const [bygglov, forskola] = record.activities;
    expect(bygglov).toMatchObject({
      legalBasis: {
        article: '6(1)(e)',
        name: { en: 'Public task or official authority' },
        reference: 'Plan- och bygglagen (2010:900)',
      },
      dataSubjectCategories: ['sökande'],
      personalDataCategories: ['personnummer', 'namn'],
      retention: { class: 'arende-10ar', duration: 'P10Y', description: 'Gallras efter tio år.' },
    });
    expect(bygglov?.recipients.eServices.map((each) => each.id)).toEqual(['bygglov-ansokan', 'mina-sidor']);
    expect(bygglov?.recipients.businessSystems.map((each) => each.id)).toEqual(['arendehantering']);
    expect(forskola?.legalBasis.reference).toBeNull();
    expect(forskola?.recipients.eServices.map((each) => each.id)).toEqual(['mina-sidor']);
    expect(forskola?.retention?.duration).toBe('P2Y');
  });

  it('says the controller is not stated when no organisation is configured', () => {
    const data = registryConfigData();
    delete data.organisation;
    const withoutController = buildRecordOfProcessing(configFrom(data), { now: fixedNow });
    expect(withoutController.controller).toBeNull();
    expect(String(processingRecordPage(withoutController))).toContain('Not stated');
  });

  it('a purpose without a legal basis fails the configuration check', () => {
    const data = registryConfigData();
    delete data.purposes[1].legalBasis;
    const result = checkConfigText(toYaml(data), { env: fixtureEnv });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toContain('purposes[1].legalBasis');
  });
});

describe('processingRecordPage', () => {
  it('shows each activity in Swedish with English, escaped', async () => {
    const data = registryConfigData();
    data.purposes[0].purpose.sv = 'Handlägga <bygglov>';
    const page = String(
      await processingRecordPage(buildRecordOfProcessing(configFrom(data), { now: fixedNow })),
    );
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain('Handlägga &lt;bygglov&gt;');
    expect(page).toContain(
      '<h2 id="activity-forskola-ko">Hantera förskolekön. <span lang="en">Manage the pre-school queue.</span></h2>',
    );
    expect(page).toContain('Exempelstads kommun');
    expect(page).toContain('Ärendehantering (Stadsbyggnadsförvaltningen)');
    // Configured, but no e-service's contract reaches it: not a recipient.
    expect(page).not.toContain('Förskoleadministration');
  });

  it('writes durations in words', async () => {
    expect(String(await durationText('P10Y'))).toBe('10 år <span lang="en">10 years</span>');
    expect(String(await durationText('P1Y6M'))).toBe('1 år 6 månader <span lang="en">1 year 6 months</span>');
    expect(durationText('PT12H')).toBe('PT12H');
  });
});
