/**
 * `breaking`: some client that worked before may fail now. `non-breaking`: every client keeps working.
 * `notice`: clients keep working, but the behaviour they see may differ (a human should look).
 */
export type Severity = 'breaking' | 'non-breaking' | 'notice';

export interface RuleInfo {
  readonly severity: Severity;
  readonly summary: string;
}

const rule = (severity: Severity, summary: string): RuleInfo => ({ severity, summary });
const B = 'breaking';
const N = 'non-breaking';

/**
 * Every rule the checker can report, with a fixed severity, so a rule id alone says whether it blocks a release.
 * Requests are what clients send (the server must keep accepting it: narrowing breaks); responses are what
 * clients receive (the server must not send what they do not expect: widening breaks). Response objects follow
 * the tolerant-reader convention: clients ignore properties they do not know, so new ones are allowed.
 */
export const rules = {
  // Operations
  'operation-removed': rule(B, 'An operation was removed.'),
  'operation-added': rule(N, 'An operation was added.'),
  'operation-method-changed': rule(B, 'The HTTP method of an operation changed.'),
  'operation-path-changed': rule(
    B,
    'The path of an operation changed (placeholder names alone do not count).',
  ),
  'success-status-changed': rule(B, 'The success status of an operation changed.'),
  'request-body-added': rule(B, 'An operation that took no request body now takes one.'),
  'request-body-removed': rule(B, 'An operation that took a request body no longer reads one.'),
  'error-removed': rule(
    B,
    'A documented error case was removed; clients handling it may meet something else.',
  ),
  'error-status-changed': rule(B, 'The HTTP status of a documented error case changed.'),
  'error-added': rule(
    N,
    'A new error case was documented (clients already handle unknown problem documents).',
  ),

  // Request properties and parameters
  'request-property-added': rule(N, 'A request property was added that clients may leave out.'),
  'request-property-added-required': rule(B, 'A required request property with no default was added.'),
  'request-property-removed': rule(B, 'A request property was removed and the object now rejects it.'),
  'request-property-removed-still-accepted': rule(N, 'A request property was removed; it is still accepted.'),
  'request-property-became-required': rule(
    B,
    'An optional request property with no default became required.',
  ),
  'request-property-became-optional': rule(N, 'A required request property became optional.'),
  'request-parameter-added': rule(N, 'An optional path or query parameter was added.'),
  'request-parameter-added-required': rule(B, 'A required path or query parameter was added.'),
  'request-parameter-removed': rule(B, 'A parameter was removed and is now rejected.'),
  'request-parameter-removed-still-accepted': rule(N, 'A parameter was removed; it is still accepted.'),
  'request-parameter-became-required': rule(B, 'An optional parameter became required.'),
  'request-parameter-became-optional': rule(N, 'A required parameter became optional.'),
  'request-additional-properties-disallowed': rule(
    B,
    'A request object no longer accepts unknown properties.',
  ),
  'request-additional-properties-allowed': rule(N, 'A request object now accepts unknown properties.'),

  // Response properties
  'response-property-added': rule(N, 'A response property was added (clients ignore what they do not know).'),
  'response-property-removed': rule(B, 'A response property was removed.'),
  'response-property-became-optional': rule(
    B,
    'A response property that was always sent may now be missing.',
  ),
  'response-property-became-required': rule(
    N,
    'A response property that could be missing is now always sent.',
  ),
  'response-additional-properties-allowed': rule(N, 'A response object may now carry properties not listed.'),
  'response-additional-properties-disallowed': rule(
    N,
    'A response object no longer carries unlisted properties.',
  ),

  // Types and null
  'request-type-changed': rule(B, 'The type of a request value changed.'),
  'request-type-narrowed': rule(B, 'A request value accepts fewer types (e.g. number to integer).'),
  'request-type-widened': rule(N, 'A request value accepts more types (e.g. integer to number).'),
  'response-type-changed': rule(B, 'The type of a response value changed.'),
  'response-type-widened': rule(B, 'A response value may have more types (e.g. integer to number).'),
  'response-type-narrowed': rule(N, 'A response value has fewer possible types (e.g. number to integer).'),
  'request-nullable-removed': rule(B, 'A request value no longer accepts null.'),
  'request-nullable-added': rule(N, 'A request value now accepts null.'),
  'response-nullable-added': rule(B, 'A response value may now be null.'),
  'response-nullable-removed': rule(N, 'A response value is never null any more.'),

  // Enumerations and constants
  'request-enum-value-removed': rule(B, 'A value was removed from a request enumeration.'),
  'request-enum-value-added': rule(N, 'A value was added to a request enumeration.'),
  'request-enum-added': rule(B, 'A request value is now limited to an enumeration.'),
  'request-enum-removed': rule(N, 'A request value is no longer limited to an enumeration.'),
  'response-enum-value-added': rule(B, 'A value was added to a response enumeration.'),
  'response-enum-value-removed': rule(N, 'A value was removed from a response enumeration.'),
  'response-enum-added': rule(N, 'A response value is now limited to an enumeration.'),
  'response-enum-removed': rule(B, 'A response value is no longer limited to an enumeration.'),
  'request-const-changed': rule(B, 'The constant a request value must equal changed.'),
  'request-const-added': rule(B, 'A request value must now equal a constant.'),
  'request-const-removed': rule(N, 'A request value no longer has to equal a constant.'),
  'response-const-changed': rule(B, 'The constant a response value equals changed.'),
  'response-const-added': rule(N, 'A response value now always equals a constant.'),
  'response-const-removed': rule(B, 'A response value no longer always equals a constant.'),

  // Constraints: stricter requests break, looser responses break
  'request-minimum-increased': rule(B, 'The lower bound of a request number was raised or added.'),
  'request-minimum-decreased': rule(N, 'The lower bound of a request number was lowered or removed.'),
  'request-maximum-decreased': rule(B, 'The upper bound of a request number was lowered or added.'),
  'request-maximum-increased': rule(N, 'The upper bound of a request number was raised or removed.'),
  'request-min-length-increased': rule(B, 'Request strings must be longer than before.'),
  'request-min-length-decreased': rule(N, 'Request strings may be shorter than before.'),
  'request-max-length-decreased': rule(B, 'Request strings must be shorter than before.'),
  'request-max-length-increased': rule(N, 'Request strings may be longer than before.'),
  'request-min-items-increased': rule(B, 'Request arrays must have more items than before.'),
  'request-min-items-decreased': rule(N, 'Request arrays may have fewer items than before.'),
  'request-max-items-decreased': rule(B, 'Request arrays must have fewer items than before.'),
  'request-max-items-increased': rule(N, 'Request arrays may have more items than before.'),
  'request-min-properties-increased': rule(B, 'Request objects must have more properties than before.'),
  'request-min-properties-decreased': rule(N, 'Request objects may have fewer properties than before.'),
  'request-max-properties-decreased': rule(B, 'Request objects must have fewer properties than before.'),
  'request-max-properties-increased': rule(N, 'Request objects may have more properties than before.'),
  'request-multiple-of-tightened': rule(B, 'Request numbers must be multiples of a coarser step.'),
  'request-multiple-of-relaxed': rule(N, 'Request numbers may be multiples of a finer step, or any number.'),
  'request-multiple-of-changed': rule(B, 'The step request numbers must be multiples of changed.'),
  'request-pattern-added': rule(B, 'Request strings must now match a pattern.'),
  'request-pattern-removed': rule(N, 'Request strings no longer have to match a pattern.'),
  'request-pattern-changed': rule(B, 'The pattern request strings must match changed.'),
  'request-format-added': rule(B, 'Request strings must now have a format (e.g. email).'),
  'request-format-removed': rule(N, 'Request strings no longer need a format.'),
  'request-format-changed': rule(B, 'The format of request strings changed.'),
  'request-unique-items-added': rule(B, 'Request arrays must now hold unique items.'),
  'request-unique-items-removed': rule(N, 'Request arrays may now hold repeated items.'),
  'response-minimum-decreased': rule(B, 'The lower bound of a response number was lowered or removed.'),
  'response-minimum-increased': rule(N, 'The lower bound of a response number was raised or added.'),
  'response-maximum-increased': rule(B, 'The upper bound of a response number was raised or removed.'),
  'response-maximum-decreased': rule(N, 'The upper bound of a response number was lowered or added.'),
  'response-min-length-decreased': rule(B, 'Response strings may be shorter than before.'),
  'response-min-length-increased': rule(N, 'Response strings are at least as long as before.'),
  'response-max-length-increased': rule(B, 'Response strings may be longer than before.'),
  'response-max-length-decreased': rule(N, 'Response strings are at most as long as before.'),
  'response-min-items-decreased': rule(B, 'Response arrays may have fewer items than before.'),
  'response-min-items-increased': rule(N, 'Response arrays have at least as many items as before.'),
  'response-max-items-increased': rule(B, 'Response arrays may have more items than before.'),
  'response-max-items-decreased': rule(N, 'Response arrays have at most as many items as before.'),
  'response-min-properties-decreased': rule(B, 'Response objects may have fewer properties than before.'),
  'response-min-properties-increased': rule(
    N,
    'Response objects have at least as many properties as before.',
  ),
  'response-max-properties-increased': rule(B, 'Response objects may have more properties than before.'),
  'response-max-properties-decreased': rule(N, 'Response objects have at most as many properties as before.'),
  'response-multiple-of-relaxed': rule(
    B,
    'Response numbers may be multiples of a finer step, or any number.',
  ),
  'response-multiple-of-tightened': rule(N, 'Response numbers are multiples of a coarser step.'),
  'response-multiple-of-changed': rule(B, 'The step response numbers are multiples of changed.'),
  'response-pattern-removed': rule(B, 'Response strings no longer match a known pattern.'),
  'response-pattern-added': rule(N, 'Response strings now match a pattern.'),
  'response-pattern-changed': rule(B, 'The pattern response strings match changed.'),
  'response-format-removed': rule(B, 'Response strings no longer have a known format.'),
  'response-format-added': rule(N, 'Response strings now have a format.'),
  'response-format-changed': rule(B, 'The format of response strings changed.'),
  'response-unique-items-removed': rule(B, 'Response arrays may now hold repeated items.'),
  'response-unique-items-added': rule(N, 'Response arrays now hold unique items only.'),

  // Arrays, unions and allOf
  'request-tuple-changed': rule(B, 'The number of fixed positions (prefixItems) in a request array changed.'),
  'response-tuple-changed': rule(
    B,
    'The number of fixed positions (prefixItems) in a response array changed.',
  ),
  'request-variant-removed': rule(B, 'A oneOf/anyOf alternative clients could send was removed.'),
  'request-variant-added': rule(N, 'A oneOf/anyOf alternative was added to a request.'),
  'response-variant-added': rule(B, 'A oneOf/anyOf alternative was added to a response.'),
  'response-variant-removed': rule(N, 'A oneOf/anyOf alternative was removed from a response.'),
  'request-union-became-exclusive': rule(
    B,
    'A request anyOf became oneOf: values matching two alternatives fail.',
  ),
  'request-union-became-inclusive': rule(N, 'A request oneOf became anyOf.'),
  'response-union-became-inclusive': rule(B, 'A response oneOf became anyOf.'),
  'response-union-became-exclusive': rule(N, 'A response anyOf became oneOf.'),
  'request-one-of-overlap': rule(
    B,
    'A changed request oneOf has alternatives that may overlap (then it rejects).',
  ),
  'response-one-of-overlap': rule(
    B,
    'A changed response oneOf has alternatives that may overlap (then it rejects).',
  ),
  'request-not-comparable': rule(B, 'A request change these rules cannot analyse; treated as breaking.'),
  'response-not-comparable': rule(B, 'A response change these rules cannot analyse; treated as breaking.'),

  // Notices
  'request-default-changed': rule(
    'notice',
    'The default the server uses for an omitted request value changed.',
  ),
  'response-default-changed': rule('notice', 'The documented default of a response value changed.'),
  'request-deprecated': rule('notice', 'A request value was marked deprecated.'),
  'response-deprecated': rule('notice', 'A response value was marked deprecated.'),
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof rules;

export const ruleIds = Object.keys(rules) as RuleId[];
