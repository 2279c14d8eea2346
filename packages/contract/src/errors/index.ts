export { BryggaError, type BryggaErrorOptions } from './brygga-error.ts';
export {
  type ErrorCode,
  type ErrorDefinition,
  errorCatalogue,
  errorCodes,
  isErrorCode,
  type Language,
} from './codes.ts';
export { buildProblem, type Problem, type ProblemInput, problemContentType, problemType } from './problem.ts';
