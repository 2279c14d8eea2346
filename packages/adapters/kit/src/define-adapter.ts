import type {
  Adapter,
  AdapterContext,
  Contract,
  HeadOperation,
  Operation,
  OperationHandler,
  OperationId,
  RequestOutput,
  ResponseInput,
} from '@brygga/contract';

/** A handler for one head operation, typed from the contract's zod schemas. */
export type TypedHandler<Op> = Op extends Operation
  ? (
      request: RequestOutput<Op>,
      context: AdapterContext,
    ) => Promise<{ readonly body: ResponseInput<Op>; readonly status?: number }>
  : never;

/** One handler per operation of the contract's head, no more, no fewer. */
export type AdapterHandlers<C extends Contract> = {
  readonly [Id in OperationId<C>]: TypedHandler<HeadOperation<C, Id>>;
};

export interface AdapterDefinition<C extends Contract> {
  readonly contract: C;
  /** The head version the handlers were written for: the gateway refuses an adapter written for any other. */
  readonly contractVersion: string;
  readonly handlers: AdapterHandlers<C>;
  readonly ready?: (signal: AbortSignal) => Promise<void>;
  readonly close?: () => Promise<void>;
}

/**
 * An {@link Adapter} from a contract and one typed handler per head operation. Checks at definition time what
 * types cannot: the version exists in the contract and the handlers are exactly the head's operations.
 *
 * @example
 * export const adapter = defineAdapter({
 *   contract: caseManagement,
 *   contractVersion: '2026-12-01',
 *   handlers: { getCase: async ({ params }, context) => ({ body: await cases.get(params.caseId, context) }), ... },
 * });
 */
export function defineAdapter<C extends Contract>(definition: AdapterDefinition<C>): Adapter {
  const { contract, contractVersion, handlers } = definition;
  if (contract.resolve(contractVersion) === undefined) {
    throw new TypeError(`Contract ${contract.name} has no version ${contractVersion}.`);
  }
  const expected = [...contract.head.operations.keys()];
  const given = Object.keys(handlers);
  const missing = expected.filter((id) => !given.includes(id));
  const unknown = given.filter((id) => !expected.includes(id));
  if (missing.length > 0 || unknown.length > 0) {
    throw new TypeError(
      `Adapter for ${contract.name}: ${[
        missing.length > 0 ? `missing handlers ${missing.join(', ')}` : '',
        unknown.length > 0 ? `handlers for unknown operations ${unknown.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}.`,
    );
  }
  return {
    contract: contract.name,
    contractVersion,
    // The gateway hands each handler a request already parsed at head, which is what the typed handler expects.
    handlers: handlers as unknown as Readonly<Record<string, OperationHandler>>,
    ...(definition.ready ? { ready: definition.ready } : {}),
    ...(definition.close ? { close: definition.close } : {}),
  };
}
