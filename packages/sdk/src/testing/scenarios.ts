import {
  buildProblem,
  type Contract,
  type ErrorCode,
  isErrorCode,
  type Language,
  type ResolvedOperation,
} from '@brygga/contract';

/** The request header that picks a scenario for one call: `Brygga-Mock-Scenario: case_not_found`. */
export const scenarioHeader = 'Brygga-Mock-Scenario';

/** A response of your own, for codes neither the operation nor the catalogue has (e.g. a 429). */
export interface CustomScenario {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * What a mocked operation answers: `success` (the example), `network_error` (the connection fails), an error
 * code the operation declares (`case_not_found`), a code of Brygga's catalogue (`service_unavailable`), or a
 * {@link CustomScenario}. For a submission (`Prefer: respond-async`) an operation's error code and `dead` are
 * the receipt's outcome instead (see `MockGatewayOptions.receiptSteps`).
 */
export type Scenario = 'success' | 'network_error' | (string & {}) | CustomScenario;

export interface ProblemResponse {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
}

// Realistic extras, so code that reads them can be tested: a field list, the versions still served, a wait.
function catalogueExtras(
  code: ErrorCode,
  contract: Contract,
): Pick<ProblemResponse, 'headers'> & {
  extensions: Record<string, unknown>;
} {
  if (code === 'validation_failed') {
    return {
      headers: {},
      extensions: { errors: [{ path: '/body', code: 'invalid_type', message: 'The value is not valid.' }] },
    };
  }
  if (code === 'version_unknown' || code === 'version_sunset') {
    return { headers: {}, extensions: { supportedVersions: [...contract.versionIds] } };
  }
  if (code === 'service_unavailable' || code === 'shutting_down') {
    return { headers: { 'Retry-After': '1' }, extensions: {} };
  }
  return { headers: {}, extensions: {} };
}

/**
 * The problem response of a scenario for `operation`, as the gateway would send it; undefined for a code that
 * is neither declared by the operation nor in the catalogue. Pure.
 */
export function scenarioProblem(
  contract: Contract,
  operation: ResolvedOperation,
  scenario: string | CustomScenario,
  language: Language,
  requestId: string,
): ProblemResponse | undefined {
  if (typeof scenario === 'object') {
    const { status, code, title = code, headers = {}, extensions } = scenario;
    return {
      status,
      headers,
      body: { ...extensions, type: `/problems/${code}`, title, status, code, requestId },
    };
  }
  const declared = operation.errors[scenario];
  if (declared) {
    return {
      status: declared.status,
      // A declared business outcome (e.g. duplicate_submission): the same request gets the same answer.
      headers: { 'Brygga-Should-Retry': 'false' },
      body: {
        type: `/reference/${contract.name}#${scenario}`,
        title: declared.title[language],
        status: declared.status,
        ...(declared.detail ? { detail: declared.detail[language] } : {}),
        code: scenario,
        requestId,
      },
    };
  }
  if (!isErrorCode(scenario)) return undefined;
  const { headers, extensions } = catalogueExtras(scenario, contract);
  const problem = buildProblem({ code: scenario, language, requestId, extensions });
  return { status: problem.status, headers, body: problem };
}
