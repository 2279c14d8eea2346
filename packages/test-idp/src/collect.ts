import type { Message } from './messages.ts';
import { rfa } from './messages.ts';

/**
 * The simulated BankID order behind the other-device (QR) flow: which `collect` state it is in and what the
 * person is told. Pure; the order's secret and clock live in order-book.ts.
 */

/** The `pending` hint codes a QR login passes through, then `complete`. */
export const collectSteps = ['outstandingTransaction', 'started', 'userSign', 'complete'] as const;
export type CollectStep = (typeof collectSteps)[number];

/** The next state of a successful order; `complete` stays `complete`. */
export function nextStep(step: CollectStep): CollectStep {
  const index = collectSteps.indexOf(step);
  return collectSteps[Math.min(index + 1, collectSteps.length - 1)] as CollectStep;
}

/**
 * The recommended message for each pending state in the QR flow: RFA1 while the QR code waits to be scanned,
 * RFA21 once the app has the order (BankID's message for a pending order when no autostart link was used),
 * RFA9 while the person enters the security code.
 */
export function collectMessage(step: Exclude<CollectStep, 'complete'>): Message {
  switch (step) {
    case 'outstandingTransaction':
      return rfa.RFA1;
    case 'started':
      return rfa.RFA21;
    case 'userSign':
      return rfa.RFA9;
  }
}

/** Whole seconds since the order started: the `time` of the QR frame to show now. */
export function qrSeconds(startedAtMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - startedAtMs) / 1000));
}
