import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import type { JWK } from 'oidc-provider';
import type { BryggaConfig } from '../config/index.ts';

/** The keys the identity part of the gateway works with, each for one use. */
export interface IdentityKeys {
  readonly signing: {
    readonly kid: string;
    readonly alg: 'RS256' | 'ES256';
    /** For oidc-provider's key store. */
    readonly privateJwk: JWK;
    /** For verifying our own access tokens. */
    readonly publicKey: KeyObject;
  };
  /** HMAC key of citizen references and pairwise subjects. */
  readonly subjects: Uint8Array;
  readonly sessions: {
    readonly keyId: string;
    /** AES-256-GCM key sealing the personnummer and ID token in the session store. */
    readonly sealing: Uint8Array;
    /** oidc-provider's cookie signing keys. */
    readonly cookies: readonly string[];
  };
}

export class IdentityKeyError extends Error {
  override readonly name = 'IdentityKeyError';
}

export interface LoadedKeys {
  readonly keys: IdentityKeys;
  /** Keys made up for this start because the configuration has none (development and test only). */
  readonly generated: readonly ('identitySigning' | 'identitySubjects' | 'identitySessions')[];
}

/**
 * Reads the identity keys from the configuration. In production all three are required; elsewhere a missing
 * one is generated for this start (logins and pairwise subjects then last only until a restart).
 */
export function loadIdentityKeys(config: BryggaConfig): LoadedKeys {
  const { identitySigning, identitySubjects, identitySessions } = config.keys;
  const generated: LoadedKeys['generated'][number][] = [];
  const missing = (name: LoadedKeys['generated'][number]) => {
    if (config.environment === 'production') {
      throw new IdentityKeyError(
        `keys.${name} is required in production when e-services log citizens in through the gateway.`,
      );
    }
    generated.push(name);
  };
  if (identitySigning === undefined) missing('identitySigning');
  if (identitySubjects === undefined) missing('identitySubjects');
  if (identitySessions === undefined) missing('identitySessions');

  const signingKey =
    identitySigning === undefined
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      : parsePrivateKey(identitySigning.key);
  const signingKid = identitySigning?.keyId ?? `dev-${randomBytes(6).toString('base64url')}`;
  const subjects =
    identitySubjects === undefined ? randomBytes(32) : Buffer.from(identitySubjects.key, 'utf8');
  const sessionSecret =
    identitySessions === undefined ? randomBytes(32) : Buffer.from(identitySessions.key, 'utf8');
  const sessionKeyId = identitySessions?.keyId ?? 'dev';

  return {
    keys: {
      signing: { ...signingEntry(signingKey, signingKid) },
      subjects: derive(subjects, 'brygga/identity/subjects'),
      sessions: {
        keyId: sessionKeyId.replace(/[^A-Za-z0-9_.-]/g, '_'),
        sealing: derive(sessionSecret, 'brygga/identity/session-sealing'),
        cookies: [Buffer.from(derive(sessionSecret, 'brygga/identity/cookies')).toString('base64url')],
      },
    },
    generated,
  };
}

function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  try {
    return trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(trimmed);
  } catch (cause) {
    throw new IdentityKeyError('keys.identitySigning is not a private key (PKCS#8 PEM or private JWK).', {
      cause,
    });
  }
}

function signingEntry(privateKey: KeyObject, kid: string): IdentityKeys['signing'] {
  let alg: 'RS256' | 'ES256';
  if (privateKey.asymmetricKeyType === 'rsa') {
    if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      throw new IdentityKeyError('keys.identitySigning: an RSA key must have at least 2048 bits.');
    }
    alg = 'RS256';
  } else if (
    privateKey.asymmetricKeyType === 'ec' &&
    privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1'
  ) {
    alg = 'ES256';
  } else {
    throw new IdentityKeyError('keys.identitySigning must be an RSA (2048 bits or more) or EC P-256 key.');
  }
  return {
    kid,
    alg,
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg, use: 'sig' },
    publicKey: createPublicKey(privateKey),
  };
}

/** One secret, several uses: HKDF with a label per use keeps the derived keys unrelated. */
function derive(secret: Uint8Array, label: string): Uint8Array {
  const salt = createHash('sha256').update('brygga').digest();
  return new Uint8Array(hkdfSync('sha256', secret, salt, label, 32));
}
