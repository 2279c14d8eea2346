import type { HeadOperation, ResponseInput } from '@brygga/contract';
import { type CaseManagement, joinName, splitName } from '@brygga/contract-case-management';
import type { BusinessCase, NewApplication } from '../business/business-case.ts';
import { type ApplicationType, describeApplication, readApplication } from './application-type.ts';

type HeadCase = ResponseInput<HeadOperation<CaseManagement, 'getCase'>>;
type HeadCaseList = ResponseInput<HeadOperation<CaseManagement, 'listMyCases'>>;
type HeadCaseSummary = HeadCaseList['cases'][number];
type HeadCaseStatus = ResponseInput<HeadOperation<CaseManagement, 'getCaseStatus'>>;

/** The head application fields the business system can keep (it has no e-mail or phone). */
export interface HeadApplication {
  readonly applicationType: ApplicationType;
  readonly title: string;
  readonly description: string;
  readonly propertyDesignation: string;
  readonly applicant: { readonly givenName: string; readonly familyName: string };
}

/**
 * Head → business. The personnummer is the logged-in citizen's, passed apart so it can only come from the
 * context. Given and family name are joined with one space (the business system keeps one name). Pure.
 */
export function toNewApplication(
  application: HeadApplication,
  personalIdentityNumber: string,
): NewApplication {
  return {
    personalIdentityNumber,
    name: joinName(application.applicant),
    title: application.title,
    description: describeApplication(application.applicationType, application.description),
    propertyDesignation: application.propertyDesignation,
  };
}

/**
 * Business → head. The name is split at its last space, the contract's own rule for single names, so a
 * multi-word family name comes back partly as given name ("Maria von" + "Trapp"). No personnummer: the head
 * never shows it to an e-service (the gateway gives older versions the login's). Pure.
 */
export function toHeadCase(found: BusinessCase): HeadCase {
  const { applicationType, description } = readApplication(found.description);
  return {
    caseId: found.id,
    applicationType,
    title: found.title,
    description,
    propertyDesignation: found.propertyDesignation,
    applicant: splitName(found.name),
    status: found.status,
    submittedAt: found.createdAt,
  };
}

export function toHeadSummary(found: BusinessCase): HeadCaseSummary {
  return {
    caseId: found.id,
    applicationType: readApplication(found.description).applicationType,
    title: found.title,
    status: found.status,
    submittedAt: found.createdAt,
  };
}

export function toHeadStatus(found: BusinessCase): HeadCaseStatus {
  return { caseId: found.id, status: found.status, updatedAt: found.updatedAt };
}
