import type { Contract } from '@brygga/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceOptions, type ConformanceReport, runConformance } from './run.ts';

export interface ConformanceSetup extends Omit<ConformanceOptions, 'contract'> {
  /** Stops what the setup started (business system, adapter). */
  readonly teardown?: () => Promise<void>;
}

/**
 * A vitest suite: one test for the adapter as a whole and one per head operation, so a failure names the
 * operation and lists its problems. `setup` runs once, before the tests (start the business system there).
 *
 * @example describeConformance(caseManagement, async () => ({ adapter, context, examples: headExamples }))
 */
export function describeConformance(contract: Contract, setup: () => Promise<ConformanceSetup>): void {
  describe(`conformance to ${contract.name} ${contract.head.version}`, () => {
    let report: ConformanceReport | undefined;
    let teardown: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const options = await setup();
      teardown = options.teardown;
      report = await runConformance({ ...options, contract });
    });
    afterAll(async () => {
      await teardown?.();
    });

    it('the adapter is for this contract and its head', () => {
      expect(report?.problems).toEqual([]);
    });
    it.each([...contract.head.operations.keys()])('%s', (operationId) => {
      const result = report?.results.find((entry) => entry.operationId === operationId);
      expect(result?.problems ?? ['not run']).toEqual([]);
    });
  });
}
