// What an outbox row keeps about a person (the personnummer it acts for, the request body, the answer) is sealed with
// AES-256-GCM, so a copy of the database (a backup, a replica, a support dump) holds neither in clear.
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { BryggaConfig } from '../config/index.ts';
import { SealedBox } from '../identity/sessions/sealed-box.ts';

/**
 * The row fields that are sealed; each is bound to its row and field as associated data. `result` is the business
 * system's answer, kept for the receipt: at older versions it may name the applicant.
 */
export type SealedField = 'request' | 'citizen' | 'result';

/**
 * What a row keeps a keyed fingerprint of, after its sealed fields are emptied: the request as accepted (so a
 * repeated Idempotency-Key with another request is told apart) and the citizen it acted for (so a receipt is shown
 * only to that citizen's tokens).
 */
export type FingerprintField = 'request' | 'citizen';

export interface OutboxSealer {
  seal(receiptId: string, field: SealedField, plaintext: string): string;
  /** Undefined when no known key opens it (a key dropped from the configuration) or it was changed. */
  open(receiptId: string, field: SealedField, sealed: string): string | undefined;
  /** HMAC-SHA256 of `text` under the current key, prefixed with the key's id: `{keyId}.{base64url}`. */
  fingerprint(field: FingerprintField, text: string): string;
  /** Whether `text` has the fingerprint `stored`; undefined when the key it was made with is no longer known. */
  matches(field: FingerprintField, text: string, stored: string): boolean | undefined;
}

const label = 'brygga/outbox/row-sealing';
const fingerprintLabel = 'brygga/outbox/fingerprint';

/**
 * Derives the outbox's key from the audit HMAC key (`keys.auditHmac`, required in every environment), with its
 * own HKDF label: unrelated to the HMAC itself, the same on every instance sharing the configuration, and the
 * same after a restart, so rows accepted before it are still delivered. New rows are sealed under the current
 * key; rows sealed under a key since moved to `auditHmac.previous` still open, until that key is dropped.
 */
export function outboxSealer(keys: Pick<BryggaConfig['keys'], 'auditHmac'>): OutboxSealer {
  const { auditHmac } = keys;
  const boxes = [auditHmac, ...auditHmac.previous].map(
    (version) => new SealedBox(safeKeyId(version.keyId), derive(version.key, label)),
  );
  const current = boxes[0] as SealedBox;
  const context = (receiptId: string, field: SealedField) => `brygga_outbox/${receiptId}/${field}`;
  const hmacKeys = new Map(
    [auditHmac, ...auditHmac.previous].map((version) => [
      safeKeyId(version.keyId),
      derive(version.key, fingerprintLabel),
    ]),
  );
  const currentId = safeKeyId(auditHmac.keyId);
  const mac = (key: Uint8Array, field: FingerprintField, text: string) =>
    createHmac('sha256', key).update(`${field}\0${text}`).digest();
  return {
    fingerprint: (field, text) =>
      `${currentId}.${mac(hmacKeys.get(currentId) as Uint8Array, field, text).toString('base64url')}`,
    matches(field, text, stored) {
      const dot = stored.indexOf('.');
      const key = hmacKeys.get(stored.slice(0, dot));
      if (dot < 0 || key === undefined) return undefined;
      const expected = mac(key, field, text);
      const given = Buffer.from(stored.slice(dot + 1), 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
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

function derive(secret: string, info: string): Uint8Array {
  const salt = createHash('sha256').update('brygga').digest();
  return new Uint8Array(hkdfSync('sha256', Buffer.from(secret, 'utf8'), salt, info, 32));
}

/** SealedBox writes the key id into each value, so it must be a plain token. */
function safeKeyId(keyId: string): string {
  return keyId.replace(/[^A-Za-z0-9_.-]/g, '_') || 'key';
}
