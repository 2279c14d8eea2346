import {
  type Adapter,
  type AdapterContext,
  type Contract,
  OperationError,
  type RequestValue,
  translateRequest,
  translateResponse,
} from '@brygga/contract';

/** One example call at head; `response.status` defaults to the operation's success status. */
export interface ConformanceExample {
  readonly request: Partial<RequestValue>;
  readonly response?: { readonly status?: number };
}

export interface ConformanceOptions {
  readonly contract: Contract;
  readonly adapter: Adapter;
  /** The context of each call (a function: per operation, e.g. a citizen only where the operation acts for one). */
  readonly context: AdapterContext | ((operationId: string) => AdapterContext);
  /** Head examples by operation id, run in this order (so a create can come before the reads of its result). */
  readonly examples: Readonly<Record<string, ConformanceExample>>;
  /**
   * Adapts an example's request to what earlier calls produced in this business system (e.g. the id the
   * createCase example got), since a real business system does not hold the examples' made-up ids.
   */
  readonly prepare?: (
    operationId: string,
    request: Partial<RequestValue>,
    earlier: ReadonlyMap<string, unknown>,
  ) => Partial<RequestValue>;
}

export interface ConformanceResult {
  readonly operationId: string;
  readonly ok: boolean;
  /** What broke the contract, in words; empty when ok. Paths and codes only, never values. */
  readonly problems: readonly string[];
  readonly status?: number;
}

export interface ConformanceReport {
  readonly ok: boolean;
  readonly contract: string;
  readonly version: string;
  /** Problems of the adapter as a whole (name, version, handlers for operations the head lacks). */
  readonly problems: readonly string[];
  readonly results: readonly ConformanceResult[];
}

/**
 * Runs the contract's head examples through the adapter's handlers, as the gateway would (request parsed at
 * head first), and checks every answer: a result, not an error; the operation's status; a body the head response
 * schema accepts (`translateResponse` at head). Every head operation without an example fails.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const { contract, adapter, examples } = options;
  const head = contract.head;
  const problems: string[] = [];
  if (adapter.contract !== contract.name) problems.push(`adapter is for contract "${adapter.contract}"`);
  if (adapter.contractVersion !== head.version) {
    problems.push(`adapter is written for ${adapter.contractVersion}, the head is ${head.version}`);
  }
  for (const id of Object.keys(adapter.handlers)) {
    if (!head.operations.has(id)) problems.push(`handler "${id}" has no operation at the head`);
  }

  const order = [
    ...Object.keys(examples).filter((id) => head.operations.has(id)),
    ...[...head.operations.keys()].filter((id) => !Object.hasOwn(examples, id)),
  ];
  const earlier = new Map<string, unknown>();
  const results: ConformanceResult[] = [];
  for (const operationId of order) {
    const result = await runOne(options, operationId, earlier);
    results.push(result);
  }
  for (const id of Object.keys(examples)) {
    if (!head.operations.has(id)) problems.push(`example "${id}" has no operation at the head`);
  }
  return {
    ok: problems.length === 0 && results.every((result) => result.ok),
    contract: contract.name,
    version: head.version,
    problems,
    results,
  };
}

async function runOne(
  options: ConformanceOptions,
  operationId: string,
  earlier: Map<string, unknown>,
): Promise<ConformanceResult> {
  const { contract, adapter } = options;
  const operation = contract.head.operations.get(operationId);
  const example = options.examples[operationId];
  const handler = Object.hasOwn(adapter.handlers, operationId) ? adapter.handlers[operationId] : undefined;
  const fail = (...problems: string[]): ConformanceResult => ({ operationId, ok: false, problems });
  if (operation === undefined) return fail('no such operation at the head');
  if (example === undefined) return fail('no example');
  if (handler === undefined) return fail('no handler');

  const raw = options.prepare ? options.prepare(operationId, example.request, earlier) : example.request;
  const parsed = translateRequest(contract, contract.head.version, operationId, raw);
  if (!parsed.ok) {
    return fail(
      'issues' in parsed
        ? `example request is not valid at the head: ${parsed.issues.map((issue) => issue.path.join('.')).join(', ')}`
        : `example request refused: ${parsed.operationError.code}`,
    );
  }
  const context = typeof options.context === 'function' ? options.context(operationId) : options.context;
  let result: { body: unknown; status?: number };
  try {
    result = await handler(parsed.value as RequestValue, context);
  } catch (error) {
    if (OperationError.is(error)) {
      const declared = Object.hasOwn(operation.errors, error.code) ? 'declared' : 'undeclared';
      return fail(`answered the ${declared} error case "${error.code}" instead of a result`);
    }
    return fail(`threw ${describe(error)}`);
  }

  const problems: string[] = [];
  const expectedStatus = example.response?.status ?? operation.response.status;
  const status = result.status ?? operation.response.status;
  if (status !== expectedStatus) problems.push(`status ${status}, expected ${expectedStatus}`);
  const checked = translateResponse(contract, contract.head.version, operationId, result.body);
  if (!checked.ok) {
    for (const issue of checked.issues) problems.push(`response ${issue.path.join('.')}: ${issue.message}`);
  } else {
    earlier.set(operationId, checked.value);
  }
  return { operationId, ok: problems.length === 0, problems, status };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}`;
}
