import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { BryggaError } from '@brygga/contract';
import type { BryggaConfig } from '../config/index.ts';
import type { SubjectKey } from './subject.ts';

/** The keys of the audit log, parsed once: HMAC keys for subject references, Ed25519 keys for checkpoints. */
export interface AuditKeys {
  /** New references are made with this key only. */
  readonly subject: SubjectKey;
  /** Current first, then the previous keys: extracts look a person up under each. */
  readonly subjectKeys: readonly SubjectKey[];
  readonly signing: { readonly keyId: string; readonly privateKey: KeyObject };
  /** Every key id a valid checkpoint may name, with its public key (the current key's included). */
  readonly verifying: ReadonlyMap<string, KeyObject>;
}

function keyError(detail: string): BryggaError {
  return new BryggaError('internal_error', { detail });
}

/**
 * Reads an Ed25519 private key given as a PKCS#8 PEM or a private JWK (JSON). Errors say what is wrong with
 * the key, never any part of it.
 */
export function parseSigningKey(text: string, where = 'keys.checkpointSigning.key'): KeyObject {
  let key: KeyObject;
  try {
    const trimmed = text.trim();
    key = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed), format: 'jwk' })
      : createPrivateKey({ key: trimmed, format: 'pem' });
  } catch {
    throw keyError(`${where} is not a private key: give an Ed25519 key as a PKCS#8 PEM or a private JWK.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw keyError(
      `${where} is a ${key.asymmetricKeyType ?? 'unknown'} key; checkpoints are signed with Ed25519.`,
    );
  }
  return key;
}

/** Reads an Ed25519 public key: 32 bytes in base64url (the form `brygga keys rotate` prints) or an SPKI PEM. */
export function parsePublicKey(text: string, where: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = /^[A-Za-z0-9_-]{43}$/.test(trimmed)
      ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: trimmed }, format: 'jwk' })
      : createPublicKey({ key: trimmed, format: 'pem' });
  } catch {
    throw keyError(`${where} is not a public key: give 32 bytes in base64url or an SPKI PEM.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw keyError(`${where} is not an Ed25519 key.`);
  return key;
}

/** The public half of an Ed25519 key as 32 bytes of base64url: short enough for one line of YAML. */
export function publicKeyText(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw keyError('the key has no Ed25519 public part');
  return jwk.x;
}

/** Builds the key set from a validated configuration; refuses unusable keys before anything is written. */
export function auditKeysFromConfig(config: BryggaConfig): AuditKeys {
  const { auditHmac, checkpointSigning } = config.keys;
  const subject = { keyId: auditHmac.keyId, secret: auditHmac.key };
  const subjectKeys = [subject, ...auditHmac.previous.map((key) => ({ keyId: key.keyId, secret: key.key }))];
  const privateKey = parseSigningKey(checkpointSigning.key);
  const verifying = new Map<string, KeyObject>([[checkpointSigning.keyId, createPublicKey(privateKey)]]);
  checkpointSigning.previous.forEach((previous, index) => {
    if (verifying.has(previous.keyId)) {
      throw keyError(`keys.checkpointSigning.previous[${index}].keyId "${previous.keyId}" is used twice.`);
    }
    verifying.set(
      previous.keyId,
      parsePublicKey(previous.publicKey, `keys.checkpointSigning.previous[${index}].publicKey`),
    );
  });
  return { subject, subjectKeys, signing: { keyId: checkpointSigning.keyId, privateKey }, verifying };
}
