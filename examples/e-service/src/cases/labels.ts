import { applicationTypes, caseStatuses } from '@brygga/contract-case-management';
import type { Bilingual } from '../application/form.ts';

export type ApplicationType = (typeof applicationTypes)[number];
export type CaseStatus = (typeof caseStatuses)[number];

export const applicationTypeLabels: { readonly [Type in ApplicationType]: Bilingual } = {
  bygglov: { sv: 'Bygglov', en: 'Building permit' },
  rivningslov: { sv: 'Rivningslov', en: 'Demolition permit' },
  marklov: { sv: 'Marklov', en: 'Ground works permit' },
};

/** A hint per type, in the words people use: what each permit is for. */
export const applicationTypeHints: { readonly [Type in ApplicationType]: Bilingual } = {
  bygglov: {
    sv: 'För att bygga nytt, bygga till eller ändra användningen av en byggnad.',
    en: 'To build, extend, or change how a building is used.',
  },
  rivningslov: { sv: 'För att riva en byggnad.', en: 'To demolish a building.' },
  marklov: {
    sv: 'För att schakta eller fylla, och ändra markens höjd.',
    en: 'To dig or fill, and change the level of the ground.',
  },
};

/** What each status means for the applicant, and what happens next. */
export const statusTexts: { readonly [Status in CaseStatus]: { label: Bilingual; meaning: Bilingual } } = {
  submitted: {
    label: { sv: 'Inskickad', en: 'Submitted' },
    meaning: {
      sv: 'Vi har tagit emot din ansökan. En handläggare börjar titta på den snart.',
      en: 'We have received your application. A case officer will start looking at it soon.',
    },
  },
  under_review: {
    label: { sv: 'Handläggs', en: 'Under review' },
    meaning: {
      sv: 'En handläggare går igenom din ansökan.',
      en: 'A case officer is going through your application.',
    },
  },
  supplement_requested: {
    label: { sv: 'Komplettering behövs', en: 'More information needed' },
    meaning: {
      sv: 'Handläggaren behöver fler uppgifter från dig. Du får ett brev eller ett mejl om vad som saknas.',
      en: 'The case officer needs more information from you. You will get a letter or an email about what is missing.',
    },
  },
  approved: {
    label: { sv: 'Beviljad', en: 'Approved' },
    meaning: {
      sv: 'Din ansökan är beviljad. Beslutet skickas till dig.',
      en: 'Your application is approved. The decision is sent to you.',
    },
  },
  rejected: {
    label: { sv: 'Avslagen', en: 'Rejected' },
    meaning: {
      sv: 'Din ansökan har fått avslag. I beslutet står varför och hur du överklagar.',
      en: 'Your application was rejected. The decision says why and how to appeal.',
    },
  },
};

/** The usual path of a case, for the status page's list of steps. */
export const usualSteps: readonly CaseStatus[] = ['submitted', 'under_review', 'approved'];

export function statusText(status: string) {
  return statusTexts[status as CaseStatus] as (typeof statusTexts)[CaseStatus] | undefined;
}

export function applicationTypeLabel(type: string): Bilingual {
  return applicationTypeLabels[type as ApplicationType] ?? { sv: type, en: type };
}

export { applicationTypes, caseStatuses };

/** A moment as people in Sweden read it: "20 november 2026 kl. 10:30", Swedish time. */
export function formatMoment(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }).format(date);
}
