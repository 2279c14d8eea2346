import { randomUUID } from 'node:crypto';
import { type CollectStep, nextStep } from './collect.ts';
import type { SimulatedFailure } from './messages.ts';
import type { Loa } from './profile.ts';

/** What the order ends in once the person (simulated) is done in the app. */
export type OrderOutcome =
  | { readonly kind: 'success'; readonly accountId: string; readonly acr: Loa }
  | { readonly kind: 'failure'; readonly failure: SimulatedFailure };

export interface Order {
  readonly qrStartToken: string;
  /** Never leaves the server: only QR frames derived from it do. */
  readonly qrStartSecret: string;
  readonly startedAtMs: number;
  readonly step: CollectStep;
  readonly outcome: OrderOutcome;
}

/** As long as oidc-provider's interaction (ttl.Interaction): the login cannot outlive it anyway. */
export const orderTtlMs = 10 * 60 * 1000;

/** The simulated BankID orders of the other-device flow, one per login interaction, in memory. */
export class OrderBook {
  readonly #orders = new Map<string, Order>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  start(uid: string, outcome: OrderOutcome): Order {
    this.#sweep();
    const order: Order = {
      qrStartToken: randomUUID(),
      qrStartSecret: randomUUID(),
      startedAtMs: this.#now(),
      step: 'outstandingTransaction',
      outcome,
    };
    this.#orders.set(uid, order);
    return order;
  }

  find(uid: string): Order | undefined {
    const order = this.#orders.get(uid);
    if (order === undefined || this.#now() - order.startedAtMs >= orderTtlMs) return undefined;
    return order;
  }

  /** Moves the order one collect state on and returns it; the caller ends it once it is `complete`. */
  advance(uid: string): Order | undefined {
    const order = this.find(uid);
    if (order === undefined) return undefined;
    const advanced = { ...order, step: nextStep(order.step) };
    this.#orders.set(uid, advanced);
    return advanced;
  }

  end(uid: string): void {
    this.#orders.delete(uid);
  }

  #sweep(): void {
    const now = this.#now();
    for (const [uid, order] of this.#orders)
      if (now - order.startedAtMs >= orderTtlMs) this.#orders.delete(uid);
  }
}
