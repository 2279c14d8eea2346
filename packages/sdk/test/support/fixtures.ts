import { headExamples } from '@brygga/contract-case-management';

const body = headExamples.createCase.request.body;
if (!body) throw new Error('the case-management contract lost its createCase example');

/** A valid head-version application (Skatteverket's test person Tolvan Tolvansson, never a real one). */
export const application = body;

/** The head-version createCase response for it. */
export const createdCase = headExamples.createCase.response.body;
