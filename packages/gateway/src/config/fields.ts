import { z } from 'zod';
import { fieldMeta } from './field-meta.ts';

/*
 * Reusable field schemas. Rule for this module: every string-format check carries an `error` text written
 * as the *expected* phrase ("an e-mail address, e.g. …"), because the issue translator shows it as such.
 */

export const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A stable identifier that other sections refer to. The description is taken here because `.describe()`
 * returns a copy, which would not carry the registry entry.
 */
export function id(description: string) {
  return z
    .string()
    .regex(idPattern, {
      error: 'an id of lower-case letters a-z, digits and single hyphens (no å, ä, ö), e.g. bygglov-ansokan',
    })
    .describe(description)
    .register(fieldMeta, { label: 'id' });
}

export function text() {
  return z.string().min(1);
}

export function httpUrl() {
  return z.url({ protocol: /^https?$/, error: 'a web address starting with https:// (or http://)' });
}

export function email() {
  return z.email({ error: 'an e-mail address, e.g. namn@stad.se' });
}

export function isoDate() {
  return z.iso.date({ error: 'a date written YYYY-MM-DD, e.g. 2026-01-15' });
}

export function isoDuration() {
  return z.iso.duration({ error: 'an ISO 8601 duration such as P2Y (two years), P6M or P10Y' });
}

export function whole(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.int().min(min).max(max);
}

export function localisedText() {
  return z.strictObject({
    sv: text().describe('Swedish text.'),
    en: text().describe('English text.'),
  });
}

/** Names of environment variables: upper case by convention, which also catches a secret typed in by mistake. */
export const envNamePattern = /^[A-Z_][A-Z0-9_]*$/;

export type Env = Readonly<Record<string, string | undefined>>;

export interface SecretOptions {
  /** Refuse shorter values, for keys whose strength depends on their length. */
  readonly minLength?: number;
}

/**
 * A secret written as `{ env: NAME }` and resolved from `env` while parsing, so a missing variable is reported
 * together with every other mistake. Messages name the variable, never its value.
 */
export function secret(env: Env, options: SecretOptions = {}) {
  const reference = z
    .strictObject({
      env: z
        .string()
        .regex(envNamePattern, {
          error: 'the name of an environment variable in upper case, e.g. BRYGGA_AUDIT_HMAC_KEY',
        })
        .describe('Name of the environment variable that holds the secret.'),
    })
    .register(fieldMeta, { secret: true, label: 'secret reference { env: NAME }' });
  return reference.transform((ref, ctx) => {
    const value = env[ref.env];
    if (value === undefined || value === '') {
      ctx.issues.push({
        code: 'custom',
        input: ref,
        message: `The environment variable ${ref.env} is ${value === undefined ? 'not set' : 'empty'}; it must hold this secret.`,
        params: {
          expected: `the environment variable ${ref.env} to be set`,
          found: value === undefined ? 'not set' : 'empty',
        },
      });
      return z.NEVER;
    }
    if (options.minLength !== undefined && value.length < options.minLength) {
      ctx.issues.push({
        code: 'custom',
        input: ref,
        message: `The secret in ${ref.env} is too short to be safe.`,
        params: {
          expected: `at least ${options.minLength} characters`,
          found: `fewer than ${options.minLength} characters`,
        },
      });
      return z.NEVER;
    }
    return value;
  });
}
