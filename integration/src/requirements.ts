import { describe, it } from 'vitest';

export interface Requirement {
  /** What the tests need, e.g. 'PostgreSQL'. */
  readonly name: string;
  readonly available: boolean;
  /** How to provide it, shown in the notice and in the CI failure. */
  readonly howTo: string;
}

/**
 * `describe` for tests that need something outside the repository (a database, a browser). When it is
 * missing: on a laptop the tests are skipped with a visible notice; in CI (`CI` set) the run fails, because
 * a skip there would hide that the tests never ran. The same rule as the storage package's PostgreSQL tests.
 */
export function describeWith(requirement: Requirement, title: string, body: () => void): void {
  if (requirement.available) {
    describe(title, body);
    return;
  }
  if (process.env.CI) {
    describe(title, () => {
      it(`needs ${requirement.name}`, () => {
        throw new Error(
          `${requirement.name} is missing: in CI these tests must run, not skip. ${requirement.howTo}`,
        );
      });
    });
    return;
  }
  console.warn(`[integration] ${title}: skipped, ${requirement.name} is missing. ${requirement.howTo}`);
  describe.skip(`${title} (needs ${requirement.name})`, () => {
    it('is skipped', () => {});
  });
}
