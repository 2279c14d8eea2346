import type { KnownPerson } from './persons.ts';
import { deriveSubject } from './subject.ts';

/**
 * The IdP's memory of who logged in, keyed by `sub`, so the token and userinfo endpoints can find the person
 * again. In memory only: the test IdP forgets everyone when it stops, which is what a test wants.
 */
export class PersonRegistry {
  readonly #key: Uint8Array;
  readonly #bySubject = new Map<string, KnownPerson>();
  readonly #fixtures = new Set<string>();
  readonly #maxTyped: number;

  constructor(key: Uint8Array, fixtures: readonly KnownPerson[], maxTyped = 10_000) {
    this.#key = key;
    this.#maxTyped = maxTyped;
    for (const person of fixtures) this.#fixtures.add(this.register(person));
  }

  /**
   * Stores the person and returns their `sub`. A typed number that belongs to a configured person logs in as that
   * person: the configuration stays the one source of a fixture's names and level.
   */
  register(person: KnownPerson): string {
    const subject = deriveSubject(this.#key, person.number.value);
    if (this.#fixtures.has(subject)) return subject;
    // Re-inserting moves the entry to the end, so the eviction below drops the least recently used.
    this.#bySubject.delete(subject);
    this.#bySubject.set(subject, person);
    if (this.#bySubject.size > this.#fixtures.size + this.#maxTyped) this.#evictOldestTyped();
    return subject;
  }

  find(subject: string): KnownPerson | undefined {
    return this.#bySubject.get(subject);
  }

  /** The configured persons with their `sub`, in configuration order (the picker's order). */
  fixtures(): Array<{ readonly subject: string; readonly person: KnownPerson }> {
    return [...this.#fixtures].flatMap((subject) => {
      const person = this.#bySubject.get(subject);
      return person ? [{ subject, person }] : [];
    });
  }

  #evictOldestTyped(): void {
    for (const subject of this.#bySubject.keys()) {
      if (!this.#fixtures.has(subject)) {
        this.#bySubject.delete(subject);
        return;
      }
    }
  }
}
