import type { z } from 'zod';

/** Path segment that steps into the elements of an array. */
export const arrayItems = '[]';

/**
 * Replaces the object at `path` inside `schema` by `edit(object)` and rebuilds everything above it, keeping each
 * level's checks, metadata (descriptions, personal-data marks) and object mode. Meant for version changes'
 * schema edits: `editObjectAt(body, ['cases', arrayItems], (c) => c.omit({ title: true }))`.
 * Steps through optional, nullable, default, prefault, readonly and catch wrappers on the way.
 */
export function editObjectAt(
  schema: z.ZodType,
  path: readonly string[],
  edit: (object: z.ZodObject) => z.ZodType,
): z.ZodType {
  return editAt(schema, path, 0, edit);
}

function editAt(
  schema: z.ZodType,
  path: readonly string[],
  at: number,
  edit: (object: z.ZodObject) => z.ZodType,
): z.ZodType {
  const def = (schema as z.core.$ZodType as z.core.$ZodTypes)._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return rebuild(schema, { ...def, innerType: editAt(def.innerType as z.ZodType, path, at, edit) });
    case 'object': {
      if (at === path.length) return edit(schema as z.ZodObject);
      const key = path[at] as string;
      const child = def.shape[key];
      if (!child) throw new Error(`editObjectAt: no property "${key}" at ${describe(path, at)}`);
      const shape = { ...def.shape, [key]: editAt(child as z.ZodType, path, at + 1, edit) };
      return rebuild(schema, { ...def, shape });
    }
    case 'array': {
      if (path[at] !== arrayItems)
        throw new Error(`editObjectAt: expected "${arrayItems}" at ${describe(path, at)}`);
      const element = editAt(def.element as z.ZodType, path, at + 1, edit);
      return rebuild(schema, { ...def, element });
    }
    default:
      throw new Error(`editObjectAt: cannot step into a ${def.type} schema at ${describe(path, at)}`);
  }
}

/** Same kind of schema with a new definition; `parent` keeps the metadata (descriptions, personal-data marks). */
function rebuild(schema: z.ZodType, def: z.core.$ZodTypes['_zod']['def']): z.ZodType {
  return schema.clone(def as z.core.$ZodTypeDef, { parent: true });
}

function describe(path: readonly string[], at: number): string {
  return at === 0 ? '(root)' : path.slice(0, at).join('.');
}

/** The object with field `from` renamed to `to` (same schema, same mode). */
export function renameField(object: z.ZodObject, from: string, to: string): z.ZodObject {
  const field = object.shape[from];
  if (!field) throw new Error(`renameField: no property "${from}"`);
  if (object.shape[to]) throw new Error(`renameField: property "${to}" already exists`);
  return object.omit({ [from]: true } as Record<string, true>).extend({ [to]: field });
}
