import { z } from 'zod';

/**
 * Facts about fields that zod's own metadata has no slot for. Kept in a private registry so they never leak
 * into the published JSON Schema as unknown keywords.
 */
export interface FieldMeta {
  /** The field holds a `{ env: NAME }` reference to a secret: its value is never shown. */
  readonly secret?: true;
  /** A short type name for people ("id", "secret reference") where the zod type would say only "text". */
  readonly label?: string;
}

export const fieldMeta = z.registry<FieldMeta>();
