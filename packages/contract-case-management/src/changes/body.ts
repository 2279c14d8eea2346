import { editObjectAt, type RequestShape } from '@brygga/contract';
import type { z } from 'zod';

/** The request shape with the object at `path` inside its body replaced: the usual schema edit of a change. */
export function editRequestBody(
  request: RequestShape,
  path: readonly string[],
  edit: (object: z.ZodObject) => z.ZodType,
): RequestShape {
  if (!request.body) throw new Error('the operation has no request body');
  return { ...request, body: editObjectAt(request.body, path, edit) };
}

/** A JSON object as the transforms see it: validated by the translator, so its known fields are present. */
export type Json = Record<string, unknown>;
