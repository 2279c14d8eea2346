import type { z } from 'zod';
import { describeFound } from './describe-value.ts';
import type { ConfigPath, PendingIssue } from './issue.ts';
import {
  chooseOption,
  describeType,
  descriptionOf,
  discriminatorValues,
  isInsideSecret,
  isOmittable,
  isRecord,
  knownKeys,
  metaOf,
  objectShape,
  schemaAt,
  unionOptions,
} from './schema-walk.ts';
import { didYouMean } from './suggest.ts';

type Schema = z.core.$ZodType;

/**
 * Turns zod's issues into plain-language ones: what is wrong, what was expected, what was found. Zod's own
 * messages are not used (they are for programmers); the schema and the data are read instead.
 */
export function translateZodIssues(
  issues: readonly z.core.$ZodIssue[],
  root: Schema,
  data: unknown,
): PendingIssue[] {
  return issues.flatMap((issue) => translate(issue, root, data));
}

function translate(issue: z.core.$ZodIssue, root: Schema, data: unknown): PendingIssue[] {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  const value = valueAt(data, path);
  const schema = schemaAt(root, path, data);
  const secret = isInsideSecret(root, path, data);
  const found = describeFound(value, { hideValue: secret });

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey([...path, key], key, schemaAt(root, path, data), value));
    case 'invalid_type': {
      if (value === undefined) return [missing(path, schema)];
      if (value === null) {
        return [{ path, message: 'This has no value.', expected: expectedOf(schema, issue.expected), found }];
      }
      if (secret && schema !== undefined && metaOf(schema).secret) {
        return [
          {
            path,
            message:
              'A secret must not be written in the configuration file. Write { env: NAME } here and put the secret in the environment variable NAME.',
            expected: '{ env: NAME }',
            found: describeFound(value, { hideValue: true }),
          },
        ];
      }
      return [
        {
          path,
          message: 'This value has the wrong type.',
          expected: expectedOf(schema, issue.expected),
          found,
        },
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((each) => String(each));
      return [
        {
          path,
          message: `This value is not allowed.${typeof value === 'string' && !secret ? didYouMean(value, allowed) : ''}`,
          expected: `one of ${allowed.join(', ')}`,
          found,
        },
      ];
    }
    case 'invalid_format':
      // fields.ts words every format error as the expected phrase.
      return [
        { path, message: 'This value is not written in the expected form.', expected: issue.message, found },
      ];
    case 'too_small':
    case 'too_big':
      return [{ path, message: sizeMessage(issue), expected: sizeExpected(issue), found }];
    case 'invalid_union':
      return [unionIssue(issue, path, root, data, found, secret)];
    case 'custom': {
      const params = issue.params ?? {};
      return [
        {
          path,
          message: issue.message,
          expected: typeof params.expected === 'string' ? params.expected : undefined,
          found: typeof params.found === 'string' ? params.found : found,
        },
      ];
    }
    default:
      return [{ path, message: 'This value is not valid.', expected: expectedOf(schema), found }];
  }
}

function missing(path: ConfigPath, schema: Schema | undefined): PendingIssue {
  const key = path[path.length - 1];
  const description = schema === undefined ? undefined : descriptionOf(schema);
  const name = typeof key === 'string' ? `"${key}"` : 'This item';
  return {
    path,
    message: `${name} is required but missing.${description === undefined ? '' : ` ${description}`}`,
    expected: expectedOf(schema),
    found: describeFound(undefined),
  };
}

function unknownKey(
  path: ConfigPath,
  key: string,
  parent: Schema | undefined,
  parentValue: unknown,
): PendingIssue {
  const keys = parent === undefined ? [] : knownKeys(parent, parentValue);
  return {
    path,
    atKey: true,
    message: `Unknown key "${key}".${(parent && otherOptionHint(key, parent, parentValue)) || didYouMean(key, keys)}`,
    expected: keys.length === 0 ? 'no other keys here' : `one of the keys ${keys.join(', ')}`,
    // Never the value: a secret typed under a misspelt key would otherwise be printed.
    found: `the key "${key}"`,
  };
}

/** In a discriminated union, a key from another option usually means the discriminator was forgotten. */
function otherOptionHint(key: string, parent: Schema, parentValue: unknown): string {
  const union = unionOptions(parent);
  const discriminator = union?.discriminator;
  if (union === undefined || discriminator === undefined) return '';
  const chosen = chooseOption(parent, parentValue);
  const owners = union.options.filter((option) => option !== chosen && key in (objectShape(option) ?? {}));
  const values = owners
    .flatMap((option) => discriminatorValues(option, discriminator))
    .filter((value): value is string => typeof value === 'string');
  if (values.length === 0) return '';
  const current =
    chosen === undefined
      ? []
      : discriminatorValues(chosen, discriminator).filter((v) => typeof v === 'string');
  const now = current.length === 0 ? '' : ` (${discriminator} is ${current.join(' or ')} here)`;
  return ` It is used with ${discriminator}: ${values.join(' or ')}${now}.`;
}

function unionIssue(
  issue: z.core.$ZodIssueInvalidUnion,
  path: ConfigPath,
  root: Schema,
  data: unknown,
  found: string,
  secret: boolean,
): PendingIssue {
  const union = unionOptions(schemaAt(root, path.slice(0, -1), data) ?? root);
  if (issue.discriminator !== undefined && union !== undefined) {
    const allowed = union.options
      .flatMap((option) => discriminatorValues(option, issue.discriminator ?? ''))
      .filter((each): each is string => typeof each === 'string');
    const value = valueAt(data, path);
    return {
      path,
      message: `"${issue.discriminator}" must name one of the supported kinds.${
        typeof value === 'string' && !secret ? didYouMean(value, allowed) : ''
      }`,
      expected: `one of ${allowed.join(', ')}`,
      found,
    };
  }
  return {
    path,
    message: 'This value does not match any of the accepted forms.',
    expected: expectedOf(undefined),
    found,
  };
}

function expectedOf(schema: Schema | undefined, fallback?: string): string {
  if (schema === undefined) return fallback ?? 'a valid value';
  const keys = objectShape(schema);
  if (keys !== undefined && !metaOf(schema).secret) {
    const names = Object.entries(keys).map(([key, child]) =>
      isOmittable(child) ? key : `${key} (required)`,
    );
    return `a mapping with the keys ${names.join(', ')}`;
  }
  return describeType(schema);
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  switch (issue.origin) {
    case 'array':
      return small ? 'This list has too few items.' : 'This list has too many items.';
    case 'string':
      return small ? 'This text is too short.' : 'This text is too long.';
    default:
      return small ? 'This number is too small.' : 'This number is too large.';
  }
}

function sizeExpected(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const bound = issue.inclusive === false ? (small ? limit + 1 : limit - 1) : limit;
  switch (issue.origin) {
    case 'array':
      return `${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
    case 'string':
      return bound === 1 && small
        ? 'text that is not empty'
        : `${small ? 'at least' : 'at most'} ${bound} characters`;
    default:
      return `a number ${small ? 'of at least' : 'of at most'} ${bound}`;
  }
}

export function valueAt(data: unknown, path: ConfigPath): unknown {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isRecord(value) && typeof segment === 'string')
      value = Object.hasOwn(value, segment) ? value[segment] : undefined;
    else return undefined;
  }
  return value;
}
