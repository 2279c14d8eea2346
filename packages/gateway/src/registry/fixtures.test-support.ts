import type { BryggaConfig } from '../config/index.ts';
import { checkConfigText } from '../config/index.ts';
import { type Data, fixtureEnv, toYaml, validConfigData } from '../config/test-fixtures.ts';

/*
 * Shared by the registry tests: the config tests' valid production configuration, with a second purpose, a second
 * business system and a CSV-hostile description, checked the way `brygga config check` checks a file.
 */

export const staffEmails = ['karin@exempel.se', 'ali@exempel.se'];

export function registryConfigData(): Data {
  const data = validConfigData();
  data.organisation = { name: 'Exempelstads kommun', contact: 'dataskyddsombud@exempel.se' };
  data.eServices[0].description = { sv: 'Ansök om bygglov, "snabbt"\noch enkelt.', en: 'Apply, quickly.' };
  data.eServices[1].purposes = ['handlagga-bygglov', 'forskola-ko'];
  data.eServices[1].identity = {
    personalIdentityNumber: {
      purpose: 'forskola-ko',
      reason: {
        sv: 'Kön ordnas efter barnets personnummer.',
        en: "The queue is ordered by the child's personnummer.",
      },
    },
  };
  data.businessSystems.push({
    id: 'forskola',
    name: 'Förskoleadministration',
    owner: 'Utbildningsförvaltningen',
    adapter: '@brygga/adapter-case-management',
    baseUrl: 'https://forskola.intern.exempel.se',
    contracts: [],
  });
  data.purposes.push({
    id: 'forskola-ko',
    purpose: { sv: 'Hantera förskolekön.', en: 'Manage the pre-school queue.' },
    legalBasis: { article: '6(1)(c)' },
    dataCategories: ['personnummer', 'adress'],
    dataSubjectCategories: ['vårdnadshavare', 'barn'],
    retentionClass: 'ko-2ar',
  });
  data.retentionClasses.push({
    id: 'ko-2ar',
    duration: 'P2Y',
    description: 'Gallras två år efter placering.',
  });
  return data;
}

export function configFrom(data: Data): BryggaConfig {
  const result = checkConfigText(toYaml(data), { env: fixtureEnv });
  if (!result.ok) throw new Error(`fixture config is invalid: ${JSON.stringify(result.issues, null, 2)}`);
  return result.config;
}

export function registryConfig(): BryggaConfig {
  return configFrom(registryConfigData());
}

/** A fixed clock: case-management 2026-01-15 is deprecated (2026-10-01) and not yet sunset (2027-04-01). */
export const fixedNow = new Date('2026-11-27T12:00:00Z');
