import type { Migration } from '../migration-plan.ts';

/**
 * The gateway's own schema, in order. Append new migrations; never edit or renumber an applied one
 * (`migrate` refuses to start when a checksum changes).
 */
export const gatewayMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'instance',
    // One row identifying this deployment's database. `singleton` makes a second row impossible; times are
    // ISO 8601 text so both backends return the same string.
    sql: {
      sqlite: `CREATE TABLE brygga_instance (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  id TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;`,
      postgres: `CREATE TABLE brygga_instance (
  singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
  id UUID NOT NULL,
  created_at TEXT NOT NULL
);`,
    },
  },
  {
    version: 2,
    name: 'audit-log',
    // The GDPR audit log (src/audit). Hashes and references are base64url text: the same string on both
    // backends, and cheaper to read back than blobs when a verifier streams millions of rows.
    // - records: one row per record; `payload` is the canonical JSON hashed into `leaf_hash`. The columns
    //   before it are copies kept for lookups (and checked against the payload by `audit verify`). The index
    //   is on `subject_tag`, the first 48 bits of the subject reference as an integer: a far cheaper index to
    //   keep up at every insert than one on the text, and the full reference is compared after the lookup.
    //   Pruning empties payload and purpose_id and shortens time to the date; the hashes stay.
    // - head: one row, the state every writer continues from (size, chain head, Merkle frontier, last
    //   checkpoint). Writers lock it, so instances sharing a PostgreSQL database append one gap-free chain.
    // - checkpoints: the signed tree heads, also exported as files outside the database.
    sql: {
      sqlite: `CREATE TABLE brygga_audit_records (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  subject_tag INTEGER,
  subject_ref TEXT,
  subject_key_id TEXT,
  purpose_id TEXT,
  payload TEXT,
  leaf_hash TEXT NOT NULL,
  chain_hash TEXT NOT NULL,
  pruned_at TEXT,
  pruned_under TEXT
) STRICT;
CREATE INDEX brygga_audit_records_subject ON brygga_audit_records (subject_tag);
CREATE TABLE brygga_audit_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  size INTEGER NOT NULL,
  chain_head TEXT NOT NULL,
  frontier TEXT NOT NULL,
  checkpoint_size INTEGER NOT NULL,
  checkpoint_hash TEXT,
  checkpoint_time TEXT
) STRICT;
INSERT INTO brygga_audit_head VALUES (1, 0, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '', 0, NULL, NULL);
CREATE TABLE brygga_audit_checkpoints (
  tree_size INTEGER PRIMARY KEY,
  document TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;`,
      postgres: `CREATE TABLE brygga_audit_records (
  seq BIGINT PRIMARY KEY,
  time TEXT NOT NULL,
  subject_tag BIGINT,
  subject_ref TEXT,
  subject_key_id TEXT,
  purpose_id TEXT,
  payload TEXT,
  leaf_hash TEXT NOT NULL,
  chain_hash TEXT NOT NULL,
  pruned_at TEXT,
  pruned_under TEXT
);
CREATE INDEX brygga_audit_records_subject ON brygga_audit_records (subject_tag);
CREATE TABLE brygga_audit_head (
  singleton SMALLINT PRIMARY KEY CHECK (singleton = 1),
  size BIGINT NOT NULL,
  chain_head TEXT NOT NULL,
  frontier TEXT NOT NULL,
  checkpoint_size BIGINT NOT NULL,
  checkpoint_hash TEXT,
  checkpoint_time TEXT
);
INSERT INTO brygga_audit_head VALUES (1, 0, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '', 0, NULL, NULL);
CREATE TABLE brygga_audit_checkpoints (
  tree_size BIGINT PRIMARY KEY,
  document TEXT NOT NULL,
  hash TEXT NOT NULL
);`,
    },
  },
  {
    version: 3,
    name: 'identity',
    // Citizen login (src/identity). Times are epoch milliseconds (integers compare and expire cheaply on both
    // backends). No column holds a personnummer in clear: sessions keep it sealed (AES-GCM) and end by erasing it.
    // - oidc_records: oidc-provider's state (sessions, interactions, codes, grants), shared by every instance.
    // - sessions: one row per citizen login, the server side of what e-services only know by a reference.
    // - transactions: single-use login and logout round trips, and the back-channel logout token ids seen.
    sql: {
      sqlite: `CREATE TABLE brygga_identity_oidc_records (
  model TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,
  grant_id TEXT,
  uid TEXT,
  user_code TEXT,
  expires_at INTEGER,
  PRIMARY KEY (model, id)
) STRICT;
CREATE INDEX brygga_identity_oidc_records_grant ON brygga_identity_oidc_records (grant_id);
CREATE INDEX brygga_identity_oidc_records_uid ON brygga_identity_oidc_records (model, uid);
CREATE INDEX brygga_identity_oidc_records_expiry ON brygga_identity_oidc_records (expires_at);
CREATE TABLE brygga_identity_sessions (
  ref TEXT PRIMARY KEY,
  op_session_uid TEXT,
  citizen_ref TEXT NOT NULL,
  number_sealed TEXT,
  provider_id TEXT NOT NULL,
  upstream_sub TEXT NOT NULL,
  upstream_sid TEXT,
  upstream_id_token_sealed TEXT,
  acr TEXT NOT NULL,
  auth_time INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER,
  end_reason TEXT
) STRICT;
CREATE INDEX brygga_identity_sessions_op ON brygga_identity_sessions (op_session_uid);
CREATE INDEX brygga_identity_sessions_upstream ON brygga_identity_sessions (provider_id, upstream_sub);
CREATE INDEX brygga_identity_sessions_expiry ON brygga_identity_sessions (expires_at);
CREATE TABLE brygga_identity_transactions (
  id_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX brygga_identity_transactions_expiry ON brygga_identity_transactions (expires_at);`,
      postgres: `CREATE TABLE brygga_identity_oidc_records (
  model TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,
  grant_id TEXT,
  uid TEXT,
  user_code TEXT,
  expires_at BIGINT,
  PRIMARY KEY (model, id)
);
CREATE INDEX brygga_identity_oidc_records_grant ON brygga_identity_oidc_records (grant_id);
CREATE INDEX brygga_identity_oidc_records_uid ON brygga_identity_oidc_records (model, uid);
CREATE INDEX brygga_identity_oidc_records_expiry ON brygga_identity_oidc_records (expires_at);
CREATE TABLE brygga_identity_sessions (
  ref TEXT PRIMARY KEY,
  op_session_uid TEXT,
  citizen_ref TEXT NOT NULL,
  number_sealed TEXT,
  provider_id TEXT NOT NULL,
  upstream_sub TEXT NOT NULL,
  upstream_sid TEXT,
  upstream_id_token_sealed TEXT,
  acr TEXT NOT NULL,
  auth_time BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT,
  end_reason TEXT
);
CREATE INDEX brygga_identity_sessions_op ON brygga_identity_sessions (op_session_uid);
CREATE INDEX brygga_identity_sessions_upstream ON brygga_identity_sessions (provider_id, upstream_sub);
CREATE INDEX brygga_identity_sessions_expiry ON brygga_identity_sessions (expires_at);
CREATE TABLE brygga_identity_transactions (
  id_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX brygga_identity_transactions_expiry ON brygga_identity_transactions (expires_at);`,
    },
  },
  {
    version: 4,
    name: 'contract-usage',
    // Contract calls counted per UTC day and (e-service, contract, version, operation, outcome), upserted in
    // batches by the gateway (src/contracts/usage). `last_at` is ISO 8601 text, the latest call in the row.
    sql: {
      sqlite: `CREATE TABLE brygga_contract_usage (
  day TEXT NOT NULL,
  e_service TEXT NOT NULL,
  contract TEXT NOT NULL,
  version TEXT NOT NULL,
  operation TEXT NOT NULL,
  outcome TEXT NOT NULL,
  calls INTEGER NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (day, e_service, contract, version, operation, outcome)
) STRICT;
CREATE INDEX brygga_contract_usage_contract ON brygga_contract_usage (contract, version, operation);`,
      postgres: `CREATE TABLE brygga_contract_usage (
  day TEXT NOT NULL,
  e_service TEXT NOT NULL,
  contract TEXT NOT NULL,
  version TEXT NOT NULL,
  operation TEXT NOT NULL,
  outcome TEXT NOT NULL,
  calls BIGINT NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (day, e_service, contract, version, operation, outcome)
);
CREATE INDEX brygga_contract_usage_contract ON brygga_contract_usage (contract, version, operation);`,
    },
  },
  {
    version: 5,
    name: 'outbox',
    // Durable delivery (src/outbox): writes accepted with 202 and a receipt, delivered in the background. Times
    // are epoch milliseconds. `request` (the head request, JSON) and `citizen` (the personnummer the delivery
    // acts for) are emptied once the row is final (delivered or failed): the business system has the data then.
    // `lease_owner`/`lease_until` let several instances share the table: a row is worked on by the instance
    // holding an unexpired lease. `budget_from` is when the retry budget's age starts (acceptance, or the last
    // operator retry). A NULL idempotency key is never equal to another, so the unique pair only binds given keys.
    sql: {
      sqlite: `CREATE TABLE brygga_outbox (
  receipt_id TEXT PRIMARY KEY,
  e_service TEXT NOT NULL,
  idempotency_key TEXT,
  contract TEXT NOT NULL,
  version TEXT NOT NULL,
  operation TEXT NOT NULL,
  business_system TEXT NOT NULL,
  purpose TEXT NOT NULL,
  language TEXT NOT NULL,
  request TEXT,
  citizen TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  result TEXT,
  problem_code TEXT,
  problem_title TEXT,
  created_at INTEGER NOT NULL,
  budget_from INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  delivered_at INTEGER,
  request_id TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  UNIQUE (e_service, idempotency_key)
) STRICT;
CREATE INDEX brygga_outbox_due ON brygga_outbox (state, next_attempt_at);`,
      postgres: `CREATE TABLE brygga_outbox (
  receipt_id TEXT PRIMARY KEY,
  e_service TEXT NOT NULL,
  idempotency_key TEXT,
  contract TEXT NOT NULL,
  version TEXT NOT NULL,
  operation TEXT NOT NULL,
  business_system TEXT NOT NULL,
  purpose TEXT NOT NULL,
  language TEXT NOT NULL,
  request TEXT,
  citizen TEXT,
  state TEXT NOT NULL,
  attempts BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT,
  result TEXT,
  problem_code TEXT,
  problem_title TEXT,
  created_at BIGINT NOT NULL,
  budget_from BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  delivered_at BIGINT,
  request_id TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  UNIQUE (e_service, idempotency_key)
);
CREATE INDEX brygga_outbox_due ON brygga_outbox (state, next_attempt_at);`,
    },
  },
  {
    version: 6,
    name: 'audit-subject-buckets',
    // The audit subject index, keyed first by bucket (seq >> 12, 4096 records each) and then by tag. Keyed by
    // tag alone, every batch of appends landed all over the index and dirtied most of its pages, each written
    // whole to SQLite's WAL at every commit; this way a batch only touches the newest bucket's few pages, and
    // an extract seeks once per bucket. The expression must stay as `readSubjectRecords` (audit/sql.ts) writes it.
    // Portable: both backends take the same text (so its checksum is the same as when it was written per backend).
    sql: `DROP INDEX brygga_audit_records_subject;
CREATE INDEX brygga_audit_records_subject_bucket ON brygga_audit_records ((seq >> 12), subject_tag);`,
  },
  {
    version: 7,
    name: 'outbox-fingerprints',
    // Keyed fingerprints (HMAC, `{keyId}.{base64url}`, outbox/seal.ts) kept after a row's sealed request and
    // citizen are emptied: `request_digest` of the request as accepted, so a repeated Idempotency-Key with another
    // request is refused instead of silently answered with the first receipt; `citizen_ref` of the personnummer
    // the call acted for, so a token bound to one citizen's login cannot read another citizen's receipt. NULL in
    // rows accepted before this migration: those are compared and shown as before. Portable SQL.
    sql: `ALTER TABLE brygga_outbox ADD COLUMN request_digest TEXT;
ALTER TABLE brygga_outbox ADD COLUMN citizen_ref TEXT;`,
  },
];
