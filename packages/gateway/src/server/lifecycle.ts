export type LifecycleState = 'starting' | 'ready' | 'draining' | 'stopped';

/**
 * The process's place in its life, shared by the server (which moves it forward) and the health and
 * shutdown-guard middleware (which read it). It only ever moves forward.
 */
export interface Lifecycle {
  readonly state: LifecycleState;
  /** True until draining begins: new requests are still served. */
  readonly acceptsRequests: boolean;
  /** True only in `ready`: what the readiness probe reports. */
  readonly ready: boolean;
  markReady(): void;
  beginDraining(): void;
  markStopped(): void;
}

const order: Readonly<Record<LifecycleState, number>> = { starting: 0, ready: 1, draining: 2, stopped: 3 };

export function createLifecycle(initial: LifecycleState = 'starting'): Lifecycle {
  let state = initial;
  const moveTo = (next: LifecycleState): void => {
    if (order[next] > order[state]) state = next;
  };
  return {
    get state() {
      return state;
    },
    get acceptsRequests() {
      return order[state] < order.draining;
    },
    get ready() {
      return state === 'ready';
    },
    markReady: () => moveTo('ready'),
    beginDraining: () => moveTo('draining'),
    markStopped: () => moveTo('stopped'),
  };
}

const attached = new WeakMap<object, Lifecycle>();

/** Records which lifecycle an app reads, so `startServer` drives that same one without being told. */
export function attachLifecycle(app: object, lifecycle: Lifecycle): void {
  attached.set(app, lifecycle);
}

export function lifecycleOf(app: object): Lifecycle | undefined {
  return attached.get(app);
}
