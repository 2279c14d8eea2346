/** Why the case service refused; the HTTP layer turns each into a problem document. */
export type CaseErrorCode =
  | 'case_not_found'
  | 'attachment_not_found'
  | 'invalid_status_transition'
  | 'idempotency_key_reused';

export class CaseError extends Error {
  readonly code: CaseErrorCode;

  constructor(code: CaseErrorCode) {
    super(code);
    this.name = 'CaseError';
    this.code = code;
  }
}
