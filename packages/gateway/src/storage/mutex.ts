/**
 * A fair (FIFO) async mutex. node:sqlite has one synchronous connection, so an async transaction must keep
 * every other statement out until it ends; otherwise another request's statement would run inside it.
 */
export class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  /** True while someone holds the lock (waiters never find it free: release hands it straight over). */
  get locked(): boolean {
    return this.#locked;
  }

  /** Resolves with a release function once the caller owns the lock. Releasing twice is harmless. */
  lock(): Promise<() => void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve) => {
      this.#waiters.push(() => resolve(this.#releaser()));
    });
  }

  /** Runs `work` while holding the lock and releases it however `work` ends. */
  async run<T>(work: () => T | Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      return await work();
    } finally {
      release();
    }
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      // A second call from a stale holder must not release a lock that now belongs to someone else.
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#locked = false;
    };
  }
}
