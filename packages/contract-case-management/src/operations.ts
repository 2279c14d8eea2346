import { defineOperation } from '@brygga/contract';
import {
  caseList,
  caseParams,
  caseResponse,
  caseStatusResponse,
  createCaseBody,
  listQuery,
} from './schemas.ts';

// The head operations, written once. Older versions are derived by the changes in ./changes.

const caseNotFound = {
  status: 404,
  title: { sv: 'Ärendet finns inte.', en: 'The case does not exist.' },
  detail: {
    sv: 'Kontrollera diarienumret. Du kan bara se dina egna ärenden.',
    en: 'Check the case number. You can only see your own cases.',
  },
} as const;

export const createCase = defineOperation({
  id: 'createCase',
  method: 'post',
  path: '/cases',
  summary: { sv: 'Skicka in en ansökan', en: 'Submit an application' },
  description: {
    sv: 'Skapar ett ärende hos byggnadsnämnden. Skicka en Idempotency-Key så skapas ärendet bara en gång även om du försöker igen.',
    en: 'Opens a case with the building committee. Send an Idempotency-Key so the case is created only once, even if you retry.',
  },
  request: { body: createCaseBody },
  response: { status: 201, body: caseResponse },
  // No applicant_mismatch at head: the applicant is the login. Older versions have it (applicant-from-login).
  errors: {
    duplicate_submission: {
      status: 409,
      title: { sv: 'Ansökan är redan inskickad.', en: 'The application has already been submitted.' },
      detail: {
        sv: 'Du har redan skickat in samma ansökan. Du hittar den bland dina ärenden.',
        en: 'You have already sent this application. You can find it among your cases.',
      },
    },
    property_not_found: {
      status: 422,
      title: { sv: 'Fastigheten finns inte.', en: 'The property does not exist.' },
      detail: {
        sv: 'Kontrollera fastighetsbeteckningen, till exempel UPPSALA KÅBO 5:12.',
        en: 'Check the property designation, for example UPPSALA KÅBO 5:12.',
      },
    },
  },
  idempotent: true,
  actsForCitizen: true,
});

export const getCase = defineOperation({
  id: 'getCase',
  method: 'get',
  path: '/cases/{caseId}',
  summary: { sv: 'Visa ett ärende', en: 'Show a case' },
  request: { params: caseParams },
  response: { status: 200, body: caseResponse },
  errors: { case_not_found: caseNotFound },
  idempotent: true,
  actsForCitizen: true,
});

export const listMyCases = defineOperation({
  id: 'listMyCases',
  method: 'get',
  path: '/cases',
  summary: { sv: 'Visa mina ärenden', en: 'List my cases' },
  description: {
    sv: 'Visar den inloggades egna ärenden, nyast först. Vem du är vet tjänsten från inloggningen.',
    en: 'Lists the logged-in person’s own cases, newest first. The service knows who you are from the login.',
  },
  request: { query: listQuery },
  response: { status: 200, body: caseList },
  errors: {
    invalid_cursor: {
      status: 400,
      title: { sv: 'Sidan kunde inte visas.', en: 'The page could not be shown.' },
      detail: {
        sv: 'Länken till nästa sida är för gammal. Börja om från första sidan.',
        en: 'The link to the next page is too old. Start again from the first page.',
      },
    },
  },
  idempotent: true,
  actsForCitizen: true,
});

export const getCaseStatus = defineOperation({
  id: 'getCaseStatus',
  method: 'get',
  path: '/cases/{caseId}/status',
  summary: { sv: 'Visa var ärendet är', en: 'Show where the case stands' },
  request: { params: caseParams },
  response: { status: 200, body: caseStatusResponse },
  errors: { case_not_found: caseNotFound },
  idempotent: true,
  actsForCitizen: true,
});

export const operations = [createCase, getCase, listMyCases, getCaseStatus] as const;

export type CaseOperationId = (typeof operations)[number]['id'];
