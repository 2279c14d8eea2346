import type { BryggaConfig } from '../config/index.ts';

type Article = BryggaConfig['purposes'][number]['legalBasis']['article'];

/** GDPR art. 6(1) points in plain words, as the record shows them. */
export const legalBasisNames: Readonly<Record<Article, { readonly sv: string; readonly en: string }>> = {
  '6(1)(a)': { sv: 'Samtycke', en: 'Consent' },
  '6(1)(b)': { sv: 'Avtal', en: 'Contract' },
  '6(1)(c)': { sv: 'Rättslig förpliktelse', en: 'Legal obligation' },
  '6(1)(d)': { sv: 'Grundläggande intresse', en: 'Vital interests' },
  '6(1)(e)': {
    sv: 'Uppgift av allmänt intresse eller myndighetsutövning',
    en: 'Public task or official authority',
  },
  '6(1)(f)': { sv: 'Berättigat intresse', en: 'Legitimate interests' },
};

interface Named {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
}

/** One processing activity of the art. 30(1) record: one configured purpose. */
export interface ProcessingActivity {
  readonly id: string;
  /** Art. 30(1)(b). */
  readonly purpose: { readonly sv: string; readonly en: string };
  readonly legalBasis: {
    readonly article: Article;
    readonly name: { readonly sv: string; readonly en: string };
    readonly reference: string | null;
  };
  /** Art. 30(1)(c). */
  readonly dataSubjectCategories: readonly string[];
  readonly personalDataCategories: readonly string[];
  /** Art. 30(1)(d): who receives the data through the gateway. */
  readonly recipients: { readonly eServices: readonly Named[]; readonly businessSystems: readonly Named[] };
  /**
   * The e-services that receive the citizen's personnummer at login for this purpose (their registration's
   * `identity.personalIdentityNumber`), with the reason they gave. Also among `recipients.eServices`.
   */
  readonly personnummerRecipients: readonly (Named & {
    readonly reason: { readonly sv: string; readonly en: string };
  })[];
  /** Art. 30(1)(f). Null only if the configuration were inconsistent, which `config check` refuses. */
  readonly retention: {
    readonly class: string;
    readonly duration: string;
    readonly description: string;
  } | null;
}

export interface RecordOfProcessing {
  readonly generatedAt: string;
  /** Art. 30(1)(a). Null: the configuration does not name it ("not stated"). */
  readonly controller: { readonly name: string; readonly contact: string } | null;
  readonly activities: readonly ProcessingActivity[];
}

/** The GDPR art. 30(1) record of processing activities, one per configured purpose. Pure. */
export function buildRecordOfProcessing(
  config: BryggaConfig,
  options: { readonly now?: Date } = {},
): RecordOfProcessing {
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    controller: config.organisation
      ? { name: config.organisation.name, contact: config.organisation.contact }
      : null,
    activities: config.purposes.map((purpose) => {
      const releasedTo = config.eServices.filter(
        (eService) => eService.identity?.personalIdentityNumber?.purpose === purpose.id,
      );
      const calling = config.eServices.filter((eService) => eService.purposes.includes(purpose.id));
      const eServices = config.eServices.filter(
        (eService) => calling.includes(eService) || releasedTo.includes(eService),
      );
      // Calls for a purpose reach the business systems that serve the calling e-services' contracts.
      const systemIds = new Set(
        calling.flatMap((eService) => eService.contracts.map((pin) => pin.businessSystem)),
      );
      const retention = config.retentionClasses.find((each) => each.id === purpose.retentionClass);
      return {
        id: purpose.id,
        purpose: { sv: purpose.purpose.sv, en: purpose.purpose.en },
        legalBasis: {
          article: purpose.legalBasis.article,
          name: legalBasisNames[purpose.legalBasis.article],
          reference: purpose.legalBasis.reference ?? null,
        },
        dataSubjectCategories: [...purpose.dataSubjectCategories],
        personalDataCategories: [...purpose.dataCategories],
        recipients: {
          eServices: eServices.map((eService) => ({
            id: eService.id,
            name: eService.name.sv,
            owner: eService.owner,
          })),
          businessSystems: config.businessSystems
            .filter((system) => systemIds.has(system.id))
            .map((system) => ({ id: system.id, name: system.name, owner: system.owner })),
        },
        personnummerRecipients: releasedTo.map((eService) => ({
          id: eService.id,
          name: eService.name.sv,
          owner: eService.owner,
          reason: {
            sv: eService.identity?.personalIdentityNumber?.reason.sv ?? '',
            en: eService.identity?.personalIdentityNumber?.reason.en ?? '',
          },
        })),
        retention: retention
          ? { class: retention.id, duration: retention.duration, description: retention.description }
          : null,
      };
    }),
  };
}
