import { z } from 'zod';
import { buildConfigSchema } from './schema.ts';
import {
  arrayElement,
  defaultOf,
  describeType,
  descriptionOf,
  discriminatorValues,
  isOmittable,
  metaOf,
  objectShape,
  typeOf,
  unionOptions,
} from './schema-walk.ts';

type Schema = z.core.$ZodType;

/** The schema as built for documentation: no secrets are resolved, so no environment is read. */
function documentationSchema() {
  return buildConfigSchema({ env: {}, baseDir: '.' });
}

/** JSON Schema (draft 2020-12) of the file as written, for editors and other tools. */
export function configJsonSchema(): object {
  return z.toJSONSchema(documentationSchema(), { io: 'input', unrepresentable: 'any' });
}

interface Row {
  readonly path: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

/** Markdown reference of every field (path, type, default, description), generated from the schema. */
export function renderConfigReference(): string {
  const root = documentationSchema();
  const shape = objectShape(root) ?? {};
  const sections = Object.entries(shape).map(([key, schema]) => {
    const rows = [row(key, schema), ...childRows(schema, key)].map((each) => [
      `\`${each.path}\``,
      cell(each.type),
      cell(each.default),
      cell(each.description),
    ]);
    return [
      `### \`${key}\``,
      '',
      cell(descriptionOf(schema) ?? ''),
      '',
      table(['Field', 'Type', 'Default', 'Description'], rows),
    ].join('\n');
  });
  return `${sections.join('\n\n')}\n`;
}

function row(path: string, schema: Schema, condition?: string): Row {
  const description = descriptionOf(schema) ?? '';
  return {
    path,
    type: describeType(schema),
    default: defaultText(schema),
    description: condition === undefined ? description : `${condition}: ${description}`,
  };
}

function childRows(schema: Schema, path: string, condition?: string): Row[] {
  if (metaOf(schema).secret) return [];
  const type = typeOf(schema);
  if (type === 'array') {
    const element = arrayElement(schema);
    if (element === undefined) return [];
    const elementType = typeOf(element);
    return elementType === 'object' || elementType === 'union'
      ? childRows(element, `${path}[]`, condition)
      : [];
  }
  if (type === 'object') {
    return Object.entries(objectShape(schema) ?? {}).flatMap(([key, child]) => {
      const childPath = `${path}.${key}`;
      return [row(childPath, child, condition), ...childRows(child, childPath, condition)];
    });
  }
  if (type === 'union') return unionRows(schema, path, condition);
  return [];
}

/**
 * A discriminated union: the discriminator once, fields every option shares once, then each option's own
 * fields marked with the discriminator value that brings them in.
 */
function unionRows(schema: Schema, path: string, condition?: string): Row[] {
  const union = unionOptions(schema);
  if (union?.discriminator === undefined) return [];
  const discriminator = union.discriminator;
  const shapes = union.options.map((option) => ({ option, shape: objectShape(option) ?? {} }));
  const shared = Object.keys(shapes[0]?.shape ?? {}).filter(
    (key) => key !== discriminator && shapes.every(({ shape }) => key in shape),
  );
  const values = union.options.flatMap((option) => discriminatorValues(option, discriminator));
  const discriminatorDefault = values.includes(undefined)
    ? shapes.find(({ option }) => discriminatorValues(option, discriminator).includes(undefined))
    : undefined;
  const rows: Row[] = [
    {
      path: `${path}.${discriminator}`,
      type: `one of ${values.filter((value) => value !== undefined).join(', ')}`,
      default:
        discriminatorDefault === undefined
          ? 'required'
          : defaultText(discriminatorDefault.shape[discriminator] ?? discriminatorDefault.option),
      description: union.options
        .map((option) => {
          const field = objectShape(option)?.[discriminator];
          const label = discriminatorValues(option, discriminator)
            .filter((value) => value !== undefined)
            .map((value) => `\`${String(value)}\``)
            .join(' / ');
          return `${label}: ${field === undefined ? '' : (descriptionOf(field) ?? '')}`;
        })
        .join(' '),
    },
  ];
  const first = shapes[0]?.shape ?? {};
  for (const key of shared) {
    const child = first[key];
    if (child === undefined) continue;
    rows.push(row(`${path}.${key}`, child, condition), ...childRows(child, `${path}.${key}`, condition));
  }
  for (const { option, shape } of shapes) {
    const label = discriminatorValues(option, discriminator)
      .filter((value) => value !== undefined)
      .map((value) => `${discriminator}: ${String(value)}`)
      .join(' or ');
    const when = condition === undefined ? `With ${label}` : `${condition}, with ${label}`;
    for (const [key, child] of Object.entries(shape)) {
      if (key === discriminator || shared.includes(key)) continue;
      rows.push(row(`${path}.${key}`, child, when), ...childRows(child, `${path}.${key}`, when));
    }
  }
  return rows;
}

function defaultText(schema: Schema): string {
  const info = defaultOf(schema);
  if (info.has) return renderValue(info.value);
  return isOmittable(schema) ? 'optional' : 'required';
}

function renderValue(value: unknown): string {
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  ) {
    return 'defaults of its fields';
  }
  return `\`${flow(value)}\``;
}

/** A value written the way it would be written in the YAML file. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value)
      .map(([key, each]) => `${key}: ${flow(each)}`)
      .join(', ')} }`;
  }
  return String(value);
}

/** A markdown table with padded columns, as Biome formats it, so `biome check` leaves the docs alone. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, 3, ...rows.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** Safe inside a markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\n', ' ');
}
