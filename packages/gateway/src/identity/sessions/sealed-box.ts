import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for the little personal data a session keeps, so a copy of the
 * database (a backup, a replica) holds no personnummer in clear. The context string is bound as associated
 * data: a value sealed for one row and field cannot be moved to another.
 */
export class SealedBox {
  readonly #keyId: string;
  /** A KeyObject, prepared once: a raw key is re-imported on every cipher, a cost on each API call. */
  readonly #key: KeyObject;

  constructor(keyId: string, key: Uint8Array) {
    if (key.byteLength !== 32) throw new RangeError('SealedBox needs a 32-byte key');
    if (!/^[A-Za-z0-9_.-]+$/.test(keyId)) throw new RangeError('key ids are letters, digits, _ . -');
    this.#keyId = keyId;
    this.#key = createSecretKey(key);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `v1.${this.#keyId}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Undefined for anything sealed under another key, changed, or moved from another context. */
  open(sealed: string, context: string): string | undefined {
    const [version, keyId, iv, body] = sealed.split('.');
    if (version !== 'v1' || keyId !== this.#keyId || iv === undefined || body === undefined) return undefined;
    try {
      const bytes = Buffer.from(body, 'base64url');
      if (bytes.length < 16) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
