/** Log fields are scalars chosen at the call site: never an address, a subject or a message's text. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;
export type Log = (event: string, fields?: LogFields) => void;

/** One JSON object per line on stderr, so stdout carries only what main prints for people. */
export const stderrLog: Log = (event, fields) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
};

export const silentLog: Log = () => {};
