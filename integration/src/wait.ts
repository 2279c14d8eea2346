import { setTimeout as sleep } from 'node:timers/promises';
import type { NodeProcess } from './processes.ts';

const pollMs = 100;

/**
 * Polls `url` until it answers 200. Gives up when `timeoutMs` has passed, or at once when `proc` (the process
 * that should answer) has exited: waiting longer for a dead process only hides why it died.
 */
export async function waitForReady(
  url: string,
  options: { readonly timeoutMs: number; readonly proc?: NodeProcess },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (options.proc && !options.proc.running()) {
      const exit = await options.proc.exited;
      throw new Error(
        `the process exited (${exit.signal ?? `code ${exit.code}`}) before ${url} answered 200`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(pollMs);
  }
  throw new Error(`${url} did not answer 200 within ${options.timeoutMs / 1000} s (last: ${last})`);
}

/**
 * Polls `url` until it no longer answers 200 (a 503 while draining, or a refused connection once closed).
 * Returns what it saw last.
 */
export async function waitUntilNotReady(
  url: string,
  options: { readonly timeoutMs: number },
): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.status !== 200) return `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    await sleep(pollMs / 5);
  }
  throw new Error(`${url} still answered 200 after ${options.timeoutMs / 1000} s`);
}

/**
 * Waits until `read()` (a child's output so far) matches `pattern`. The gateway writes its log in the background,
 * up to 100 ms late, so a line about something that already happened may not be there yet.
 */
export async function waitForOutput(read: () => string, pattern: RegExp, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = read();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) return text;
    await sleep(20);
  }
}
