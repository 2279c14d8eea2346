import {
  type AdapterContext,
  type HeadOperation,
  type RequestInput,
  type RequestValue,
  translateRequest,
  translateResponse,
} from '@brygga/contract';
import { type CaseManagement, type CaseOperationId, caseManagement } from '@brygga/contract-case-management';
import { expect } from 'vitest';

// Skatteverket's test persons, never real ones.
export const tolvan = '191212121212';
export const anna = '198112189876';
/** Every personnummer the tests use, so error texts can be checked against all of them. */
export const everyPersonalNumber: string[] = [tolvan, anna];

export const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

export function contextFor(
  citizen: string | undefined,
  overrides: Partial<Omit<AdapterContext, 'citizen'>> = {},
): AdapterContext {
  return {
    requestId: 'req-1',
    traceparent,
    signal: new AbortController().signal,
    eServiceId: 'bygglov-e-tjanst',
    purposeId: 'handlagga-bygglov',
    ...(citizen === undefined ? {} : { citizen: { personalIdentityNumber: citizen } }),
    ...overrides,
  };
}

/**
 * A request exactly as the gateway hands it to an adapter: validated at the head version (defaults applied,
 * strings trimmed). Fails the test if the request is not a valid head request.
 */
export function headRequest<Id extends CaseOperationId>(
  operationId: Id,
  request: Partial<RequestInput<HeadOperation<CaseManagement, Id>>>,
): RequestValue {
  const raw = request as Partial<RequestValue>;
  const result = translateRequest(caseManagement, caseManagement.head.version, operationId, raw);
  if (!result.ok) throw new Error(`not a valid head request: ${JSON.stringify(result)}`);
  return result.value as RequestValue;
}

/** The head request of an operation that takes only a case id (getCase, getCaseStatus), checked by the contract. */
export function caseIdRequest(caseId: string): RequestValue {
  return headRequest('getCase', { params: { caseId } });
}

/** Asserts that `body` satisfies the head response schema of the operation, as the gateway will check. */
export function expectHeadResponse(operationId: CaseOperationId, body: unknown): void {
  const result = translateResponse(caseManagement, caseManagement.head.version, operationId, body);
  expect(result.ok ? [] : result.issues).toEqual([]);
}

/** A head application: no personnummer, since the applicant is whoever the context's citizen is. */
export const application = {
  applicationType: 'rivningslov',
  title: 'Rivning av förråd',
  description: 'Förrådet på tomtens östra del rivs.',
  propertyDesignation: 'UPPSALA KÅBO 5:12',
  applicant: {
    givenName: 'Tolvan',
    familyName: 'Tolvansson',
    email: 'tolvan.tolvansson@example.se',
  },
} as const;

/** The thrown value of a promise that must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** What a log line or an error report would show of an error: message, stack, own fields, causes. */
export function renderError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', JSON.stringify({ ...current }));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\n');
}

export function expectNoPersonalNumber(text: string): void {
  for (const number of everyPersonalNumber) {
    expect(text).not.toContain(number);
    expect(text).not.toContain(number.slice(2));
  }
}

/** A valid test personnummer for a date and a three-digit serial (check digit computed). */
export function personalNumber(yyyymmdd: string, serial: string): string {
  const nine = `${yyyymmdd.slice(2)}${serial}`;
  let sum = 0;
  for (let index = 0; index < 9; index++) {
    let value = Number(nine[index]) * (index % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  const number = `${yyyymmdd}${serial}${(10 - (sum % 10)) % 10}`;
  everyPersonalNumber.push(number);
  return number;
}
