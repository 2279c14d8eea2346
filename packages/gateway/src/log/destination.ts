import { type DestinationStream, pino } from 'pino';

export interface BufferedDestinationOptions {
  /** File descriptor written to. Default 1 (stdout). */
  readonly fd?: number;
  /** Characters gathered before they are handed on to be written. Default 4096. */
  readonly minLength?: number;
  /** Longest a line waits in memory before it is handed on, in milliseconds. Default 100. */
  readonly maxDelayMs?: number;
}

/** A log destination that gathers lines and writes them in the background; `flushSync` empties it at once. */
export interface BufferedDestination extends DestinationStream {
  /** Hands on what is gathered; `callback` once it is queued for writing. */
  flush(callback?: (error?: Error) => void): void;
  /** Writes everything gathered and queued before returning: for exit paths. */
  flushSync(): void;
}

/**
 * The `flushSync` of every destination holding lines, called when the process exits (however it exits:
 * process.exit, a fatal error, an empty event loop). Held only while lines wait, so a logger nobody uses any more
 * is not kept alive, and one that went out of scope with lines waiting still gets them written.
 */
const waiting = new Set<() => void>();
let exitHookInstalled = false;

function flushAllOnExit(): void {
  for (const flushSync of waiting) {
    try {
      flushSync();
    } catch {
      // Exiting anyway: a closed stdout must not turn an orderly exit into a crash.
    }
  }
}

/**
 * The production log destination. One write per line costs a system call (or a thread-pool round trip) on every
 * request; this gathers lines for up to `maxDelayMs` or `minLength` characters and hands them to pino's
 * asynchronous writer (sonic-boom) in one piece, so a slow reader of stdout never blocks the event loop. Lines are
 * flushed synchronously on process exit, so the last lines of a shutdown or a crash are not lost; a SIGKILL loses
 * at most `maxDelayMs` of lines.
 */
export function bufferedDestination(options: BufferedDestinationOptions = {}): BufferedDestination {
  const minLength = options.minLength ?? 4096;
  const maxDelayMs = options.maxDelayMs ?? 100;
  // minLength 0: sonic-boom writes what it is given at once (or right after the write in flight), never holding
  // any back; the gathering happens here, where a timer bounds how long a line waits.
  const fd = options.fd ?? 1;
  const sonic = pino.destination({ dest: fd, sync: false, minLength: 0 });
  // sonic-boom's own state, which its type declarations leave out: ended, and the descriptor once it is ready.
  const state = sonic as unknown as { readonly destroyed: boolean; readonly fd: number };
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const handOn = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    waiting.delete(flushSync);
    // Ended by pino once the event loop emptied ('beforeExit'); anything logged after that is written at once.
    if (state.destroyed) writeNow(chunk);
    else sonic.write(chunk);
  };
  const writeNow = (chunk: string): void => {
    pino.destination({ dest: fd, sync: true }).write(chunk);
  };
  const destination: BufferedDestination = {
    write(line: string): void {
      if (pending === '') waiting.add(flushSync);
      pending += line;
      if (pending.length >= minLength) handOn();
      else if (timer === undefined) {
        timer = setTimeout(handOn, maxDelayMs);
        // A quiet gateway's last lines must not keep the process alive: the exit hook writes them.
        timer.unref();
      }
    },
    flush(callback) {
      handOn();
      sonic.flush(callback);
    },
    flushSync: () => flushSync(),
  };
  function flushSync(): void {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    // What sonic-boom already holds first, then what is gathered here, each written before returning: handing
    // the rest to the asynchronous writer would start a write that an exiting process never finishes.
    try {
      if (state.fd >= 0) sonic.flushSync();
    } catch {
      // Already ended: pino ends its writer when the event loop empties ('beforeExit'), having written all it held.
    }
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    waiting.delete(flushSync);
    writeNow(chunk);
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', flushAllOnExit);
  }
  return destination;
}
