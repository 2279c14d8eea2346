export { defaultLanguage, negotiateLanguage } from './language.ts';
export { createProblemResponder, type ProblemResponder, type ProblemResponderOptions } from './respond.ts';
export { type Translation, translateError } from './translate.ts';
export { describeIssues, maxValidationErrors, type ValidationErrorItem } from './validation.ts';
