import { hash, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * A signed tree head, in the manner of Certificate Transparency and CloudTrail digests: it commits to the
 * Merkle root over ALL records 1..treeSize (not just the latest segment), to the chain head at that size and
 * to the checkpoint before it. Covering everything makes each checkpoint a complete statement a witness can
 * keep on its own; the frontier in the head row makes it O(log n) to compute, and a verifier recomputes it in
 * one pass anyway.
 */
export interface CheckpointBody {
  readonly v: 1;
  /** The database's instance id: a checkpoint of one deployment's log says nothing about another's. */
  readonly origin: string;
  readonly treeSize: number;
  /** base64url MTH over leaves 1..treeSize. */
  readonly root: string;
  /** base64url chain hash after record treeSize. */
  readonly chainHead: string;
  /** base64url hash of the previous checkpoint document; null for the first. */
  readonly previous: string | null;
  readonly time: string;
  readonly keyId: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** base64url Ed25519 signature over `signingInput(body)`. */
  readonly signature: string;
}

/** A context string keeps a checkpoint signature from being valid as a signature over anything else. */
const signingContext = 'brygga audit checkpoint v1\n';

function signingInput(body: CheckpointBody): Buffer {
  const { v, origin, treeSize, root, chainHead, previous, time, keyId } = body;
  return Buffer.from(
    signingContext + canonicalJson({ v, origin, treeSize, root, chainHead, previous, time, keyId }),
  );
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): SignedCheckpoint {
  return { ...body, signature: sign(null, signingInput(body), privateKey).toString('base64url') };
}

export type SignatureCheck = 'valid' | 'unknown-key' | 'invalid';

/** Checks the signature with the public key the checkpoint's keyId names among the trusted ones. */
export function checkSignature(
  checkpoint: SignedCheckpoint,
  trusted: ReadonlyMap<string, KeyObject>,
): SignatureCheck {
  const key = trusted.get(checkpoint.keyId);
  if (key === undefined) return 'unknown-key';
  const signature = Buffer.from(checkpoint.signature, 'base64url');
  try {
    return verify(null, signingInput(checkpoint), key, signature) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The checkpoint as stored in the database and written to its file: canonical JSON, signature included. */
export function checkpointDocument(checkpoint: SignedCheckpoint): string {
  const { v, origin, treeSize, root, chainHead, previous, time, keyId, signature } = checkpoint;
  return canonicalJson({ v, origin, treeSize, root, chainHead, previous, time, keyId, signature });
}

/** What the next checkpoint's `previous` holds: SHA-256 over the whole signed document. */
export function checkpointHash(checkpoint: SignedCheckpoint): string {
  return hash('sha256', checkpointDocument(checkpoint), 'base64url');
}

const base64url = /^[A-Za-z0-9_-]+$/;

/** Reads a checkpoint document; throws a plain Error naming what is wrong when it is not one. */
export function parseCheckpoint(text: string): SignedCheckpoint {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('not a JSON object');
  const record = value as Record<string, unknown>;
  const textField = (name: string): string => {
    const field = record[name];
    if (typeof field !== 'string' || field.length === 0) throw new Error(`${name} is missing`);
    return field;
  };
  if (record.v !== 1) throw new Error('unknown checkpoint version');
  const treeSize = record.treeSize;
  if (typeof treeSize !== 'number' || !Number.isSafeInteger(treeSize) || treeSize < 1) {
    throw new Error('treeSize is not a positive whole number');
  }
  const previous = record.previous === null ? null : textField('previous');
  const checkpoint: SignedCheckpoint = {
    v: 1,
    origin: textField('origin'),
    treeSize,
    root: textField('root'),
    chainHead: textField('chainHead'),
    previous,
    time: textField('time'),
    keyId: textField('keyId'),
    signature: textField('signature'),
  };
  for (const name of ['root', 'chainHead', 'signature'] as const) {
    if (!base64url.test(checkpoint[name])) throw new Error(`${name} is not base64url`);
  }
  const known = new Set([
    'v',
    'origin',
    'treeSize',
    'root',
    'chainHead',
    'previous',
    'time',
    'keyId',
    'signature',
  ]);
  for (const key of Object.keys(record)) if (!known.has(key)) throw new Error(`unknown field ${key}`);
  return checkpoint;
}
