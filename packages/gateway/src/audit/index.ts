/**
 * The GDPR audit log: one tamper-evident record per processing of personal data (RFC 6962 Merkle tree,
 * running chain hash, Ed25519-signed checkpoints exported outside the database), grouped durable appends
 * that fail closed, verification, retention and data-subject extracts.
 */
export type { CheckpointPolicy, LogHead } from './append-plan.ts';
export { type AppendReceipt, AuditLog, type AuditLogOptions, type TransactionAppend } from './audit-log.ts';
export { canonicalJson } from './canonical-json.ts';
export {
  type CheckpointBody,
  checkpointDocument,
  checkpointHash,
  checkSignature,
  parseCheckpoint,
  type SignedCheckpoint,
  signCheckpoint,
} from './checkpoint.ts';
export { type CheckpointFile, checkpointFileName, readCheckpointFiles } from './checkpoint-files.ts';
export {
  type ExtractEntry,
  type ExtractRange,
  extractForSubject,
  type LiveExtractEntry,
  type PrunedExtractEntry,
} from './extract.ts';
export { describeEntry, type ExtractNames, extractCsv, extractNames } from './extract-format.ts';
export { type OpenAuditLogOptions, openAuditLog } from './from-config.ts';
export {
  type AuditKeys,
  auditKeysFromConfig,
  parsePublicKey,
  parseSigningKey,
  publicKeyText,
} from './keys.ts';
export {
  chainGenesis,
  chainNext,
  emptyTreeHash,
  leafHash,
  MerkleFrontier,
  merkleTreeHash,
  nodeHash,
} from './merkle.ts';
export { findOfficial, type Official } from './officials.ts';
export { normalisePersonnummer } from './personnummer.ts';
export { type PrunedClass, pruneAuditLog } from './prune.ts';
export {
  builtinPurposes,
  extractPurposeId,
  type PurposeEntry,
  type PurposeRegistry,
  purposeRegistry,
} from './purposes.ts';
export type { AuditActor, AuditDetails, AuditOutcome, AuditRecordInput, RecordPayload } from './record.ts';
export {
  type IsoDuration,
  parseIsoDuration,
  type RetentionRule,
  retentionRules,
  subtractDuration,
} from './retention.ts';
export { type AuditRoutesOptions, auditRoutes } from './routes.ts';
export { type SubjectKey, type SubjectReference, subjectReference, subjectReferences } from './subject.ts';
export { LogVerifier, type VerifyProblem, type VerifyReport } from './verify.ts';
export { type VerifyOptions, verifyAuditLog } from './verify-log.ts';
