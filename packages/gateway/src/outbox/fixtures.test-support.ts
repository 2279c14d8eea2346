import type { OutboxSubmission } from './accept.ts';
import type { NewOutboxRow } from './sql.ts';

/*
 * An outbox row as the acceptor stores it, for the tests of the outbox's SQL, its routes and the CLI: a
 * case-management createCase for the e-service `bygglov`, with placeholder sealed fields. Override what a test
 * is about.
 */
export function outboxRow(overrides: Partial<NewOutboxRow> & Pick<NewOutboxRow, 'receiptId'>): NewOutboxRow {
  return {
    eServiceId: 'bygglov',
    idempotencyKey: undefined,
    contract: 'case-management',
    version: '2026-12-01',
    operation: 'createCase',
    businessSystem: 'arende',
    purpose: 'handlagga-bygglov',
    language: 'sv',
    request: '{}',
    citizen: 'sealed',
    now: 1_000,
    requestId: 'req',
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    requestDigest: 'a1.digest',
    citizenRef: undefined,
    ...overrides,
  };
}

/** A submission of the test contract `things` (contracts/fixtures.test-support.ts) for no one, as the routes hand it over. */
export function thingsSubmission(
  contract: { readonly name: string; readonly head: { readonly version: string } },
  name: string,
): OutboxSubmission {
  return {
    eServiceId: 'things-service',
    businessSystem: 'things',
    contract: contract.name,
    version: contract.head.version,
    operationId: 'createThing',
    purposeId: 'handlagga-bygglov',
    citizen: undefined,
    touchesPersonalData: false,
    request: { params: {}, query: {}, body: { name, colour: 'red' } },
    idempotencyKey: undefined,
    language: 'sv',
    requestId: `req-${name}`,
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    headers: {},
  };
}
