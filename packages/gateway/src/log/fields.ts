import { BryggaError } from '@brygga/contract';
import { containsPersonnummer, scrubDeep } from './scrub.ts';

/**
 * The only keys that may reach an application log line. Anything else is dropped, so a careless
 * `log.info({ body })` cannot leak personal data. Values must be primitives: nested objects are dropped too.
 * Never add a key that could carry request data (body, query, raw path, headers, names, e-mail...).
 */
export const loggedFields: ReadonlySet<string> = new Set([
  // pino's own
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  // correlation
  'requestId',
  'traceId',
  'spanId',
  'parentId',
  // the request, by pattern only
  'method',
  'route',
  'status',
  'durationMs',
  // what the gateway was doing
  'component',
  'eservice',
  'contract',
  'version',
  'operation',
  'subjectRef',
  // errors
  'errorCode',
  'errorName',
  'causeCode',
  'causeName',
  'stack',
  // process and server
  'address',
  'driver',
  'instanceId',
  'schemaVersion',
  'migrationsApplied',
  'reason',
  'signal',
  'state',
  'check',
  'inflight',
  'graceMs',
  'exitCode',
]);

const safeCode = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** `code` of a Node system error (ECONNREFUSED, ERR_...) or a Brygga code; never free text. */
function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && safeCode.test(code) ? code : undefined;
}

function nameOf(error: object): string | undefined {
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && safeCode.test(name) ? name : undefined;
}

/**
 * Only the frame lines (`    at f (file:1:2)`) of a stack. Its first line is `Name: message`, and a message of
 * an unexpected error may hold anything (a name, an e-mail address, a connection string); so may the lines of a
 * multi-line message. The error's name and code are logged as fields of their own.
 */
function framesOf(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/**
 * Turns an error into allowlisted fields: code and name always; the stack's frames (never its message) only for unexpected errors
 * (a BryggaError is expected: its code says everything), and the cause's code and name if there is one.
 */
export function errorFields(error: unknown): Record<string, string> {
  if (typeof error !== 'object' || error === null) return { errorName: typeof error };
  const fields: Record<string, string> = {};
  const code = codeOf(error);
  const name = nameOf(error);
  if (code !== undefined) fields.errorCode = code;
  if (name !== undefined) fields.errorName = name;
  if (!BryggaError.is(error) && typeof (error as { stack?: unknown }).stack === 'string') {
    const frames = framesOf((error as { stack: string }).stack);
    if (frames !== '') fields.stack = frames;
  }
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause === 'object' && cause !== null) {
    const causeCode = codeOf(cause);
    const causeName = nameOf(cause);
    if (causeCode !== undefined) fields.causeCode = causeCode;
    if (causeName !== undefined) fields.causeName = causeName;
  }
  return fields;
}

const droppedLine = '{"level":50,"msg":"log line dropped: not JSON"}\n';

/**
 * The single gate every serialised line passes before it is written: keeps allowlisted keys with primitive
 * values, masks personnummer-shaped text everywhere (messages and stacks included), and re-serialises.
 * It works on the final line rather than the logged object because pino serialises child-logger bindings
 * and the message separately; only here does everything meet.
 */
export function gateLine(line: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return droppedLine;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return droppedLine;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!loggedFields.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      kept[key] = value;
  }
  // Always re-serialised: a key bound on a child logger and logged again appears twice in pino's line, and
  // only the parsed object shows which one survives. Masking is skipped when the line as written has nothing
  // to mask (pino writes digits and separators unescaped; any \u escape takes the careful path).
  const clean = !containsPersonnummer(line) && !line.includes('\\u');
  return `${JSON.stringify(clean ? kept : scrubDeep(kept))}\n`;
}
