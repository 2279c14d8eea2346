// What an outbox row keeps about a person (the personnummer it acts for, the request body, the answer) is sealed with
// AES-256-GCM, so a copy of the database (a backup, a replica, a support dump) holds neither in clear.
import { createHash, hkdfSync } from 'node:crypto';
import type { BryggaConfig } from '../config/index.ts';
import { SealedBox } from '../identity/sessions/sealed-box.ts';

/**
 * The row fields that are sealed; each is bound to its row and field as associated data. `result` is the business
 * system's answer, kept for the receipt: at older versions it may name the applicant.
 */
export type SealedField = 'request' | 'citizen' | 'result';

export interface OutboxSealer {
  seal(receiptId: string, field: SealedField, plaintext: string): string;
  /** Undefined when no known key opens it (a key dropped from the configuration) or it was changed. */
  open(receiptId: string, field: SealedField, sealed: string): string | undefined;
}

const label = 'brygga/outbox/row-sealing';

/**
 * Derives the outbox's key from the audit HMAC key (`keys.auditHmac`, required in every environment), with its
 * own HKDF label: unrelated to the HMAC itself, the same on every instance sharing the configuration, and the
 * same after a restart, so rows accepted before it are still delivered. New rows are sealed under the current
 * key; rows sealed under a key since moved to `auditHmac.previous` still open, until that key is dropped.
 */
export function outboxSealer(keys: Pick<BryggaConfig['keys'], 'auditHmac'>): OutboxSealer {
  const { auditHmac } = keys;
  const boxes = [auditHmac, ...auditHmac.previous].map(
    (version) => new SealedBox(safeKeyId(version.keyId), derive(version.key)),
  );
  const current = boxes[0] as SealedBox;
  const context = (receiptId: string, field: SealedField) => `brygga_outbox/${receiptId}/${field}`;
  return {
    seal: (receiptId, field, plaintext) => current.seal(plaintext, context(receiptId, field)),
    open(receiptId, field, sealed) {
      for (const box of boxes) {
        const opened = box.open(sealed, context(receiptId, field));
        if (opened !== undefined) return opened;
      }
      return undefined;
    },
  };
}

function derive(secret: string): Uint8Array {
  const salt = createHash('sha256').update('brygga').digest();
  return new Uint8Array(hkdfSync('sha256', Buffer.from(secret, 'utf8'), salt, label, 32));
}

/** SealedBox writes the key id into each value, so it must be a plain token. */
function safeKeyId(keyId: string): string {
  return keyId.replace(/[^A-Za-z0-9_.-]/g, '_') || 'key';
}
