/** One mistake in a configuration file, as people read it and as the CLI prints it. */
export interface ConfigIssue {
  /** Where in the configuration, e.g. `eServices[1].purposes[0]`; empty for the file as a whole. */
  path: string;
  /** One plain-English sentence saying what is wrong. */
  message: string;
  expected?: string;
  /** The kind of value found, or the value itself for short scalars that are not secrets. */
  found?: string;
  line?: number;
  column?: number;
}

export type PathSegment = string | number;
export type ConfigPath = readonly PathSegment[];

/** An issue before it is placed in the file: the path is still structured so the YAML node can be found. */
export interface PendingIssue {
  readonly path: ConfigPath;
  readonly message: string;
  readonly expected?: string | undefined;
  readonly found?: string | undefined;
  /** Point at the key itself rather than its value (unknown keys, duplicate ids). */
  readonly atKey?: boolean;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['eServices', 1, 'purposes', 0]` → `eServices[1].purposes[0]`. */
export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (identifier.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
