import * as z from 'zod';
import {
  type AttachmentInfo,
  attachmentMediaTypes,
  type NewAttachment,
  type PageCursor,
} from '../domain/case.ts';
import { normalisePersonalNumber } from '../domain/personal-number.ts';

/** Field schemas both API versions share; only the names and nesting differ between v1 and v2. */

export const personalNumberSchema = z
  .string()
  .refine((value) => normalisePersonalNumber(value) !== undefined, {
    params: { reason: 'invalid_personal_number' },
  })
  .transform((value) => normalisePersonalNumber(value) as string);

const text = (max: number) => z.string().trim().min(1).max(max);

export const nameSchema = text(200);
export const titleSchema = text(200);
export const descriptionSchema = text(10_000);

/** Kommun, trakt, block:enhet, e.g. "Sundsvall Norrmalm 1:23" (or S:1 for a joint property unit). */
const propertyDesignationPattern = /^\p{L}[\p{L}\p{N} .'-]*\s+(\p{N}+|S):\p{N}+$/u;

export const propertyDesignationSchema = text(100).refine((value) => propertyDesignationPattern.test(value), {
  params: { reason: 'invalid_property_designation' },
});

export const attachmentInputSchema = z.strictObject({
  fileName: text(200).refine((value) => !/[/\\\p{Cc}]/u.test(value), {
    params: { reason: 'invalid_file_name' },
  }),
  mediaType: z.enum(attachmentMediaTypes),
  contentBase64: z.base64().min(1),
});

export const attachmentsSchema = z.array(attachmentInputSchema).max(10);

export function toNewAttachment(input: z.output<typeof attachmentInputSchema>): NewAttachment {
  return {
    fileName: input.fileName,
    mediaType: input.mediaType,
    content: new Uint8Array(Buffer.from(input.contentBase64, 'base64')),
  };
}

/** Copies only the listed fields, so a stored field added later never leaks into an old API version. */
export function toAttachmentView({ id, fileName, mediaType, sizeBytes }: AttachmentInfo): AttachmentInfo {
  return { id, fileName, mediaType, sizeBytes };
}

export const callbackUrlSchema = z
  .string()
  .max(2000)
  .refine(
    (value) => {
      const url = URL.parse(value);
      return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
    },
    { params: { reason: 'invalid_callback_url' } },
  );

export const limitSchema = z.number().int().min(1).max(100);
export const defaultLimit = 50;

/** Opaque to clients; holds only a timestamp and a case id, never anything about the applicant. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): PageCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [createdAt, id] = parsed as unknown[];
    return typeof createdAt === 'string' && typeof id === 'string' ? { createdAt, id } : undefined;
  } catch {
    return undefined;
  }
}

export const cursorSchema = z
  .string()
  .max(500)
  .refine((value) => decodeCursor(value) !== undefined, { params: { reason: 'invalid_cursor' } })
  .transform((value) => decodeCursor(value) as PageCursor);

/** `GET /cases?limit=&cursor=`: the only query parameters any list takes. Filters go in a POST body. */
export const listQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .transform(Number)
    .pipe(limitSchema)
    .optional(),
  cursor: cursorSchema.optional(),
});

export interface ListQuery {
  readonly limit: number;
  readonly after: PageCursor | undefined;
}

export function toListQuery(input: {
  limit?: number | undefined;
  cursor?: PageCursor | undefined;
}): ListQuery {
  return { limit: input.limit ?? defaultLimit, after: input.cursor };
}
