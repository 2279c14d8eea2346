import { type Adapter, OperationError } from '@brygga/contract';
import { caseManagement } from '@brygga/contract-case-management';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';
import type { BryggaConfig } from '../config/index.ts';
import { loadAdapters } from './adapters.ts';

const system = (id: string, adapter: string, contracts = ['case-management']) => ({
  id,
  adapter,
  contracts,
  timeouts: { connectMs: 1000, requestMs: 4321 },
});
const config = {
  businessSystems: [
    system('good', '@test/good'),
    system('old-head', '@test/old-head'),
    system('missing', '@test/missing'),
    system('no-factory', '@test/no-factory'),
    system('unused', '@test/good', []),
  ],
} as unknown as BryggaConfig;

const adapter = (contractVersion: string, closed: string[]): Adapter => ({
  contract: 'case-management',
  contractVersion,
  handlers: {
    getCase: async () => {
      throw new OperationError('case_not_found');
    },
  },
  close: async () => void closed.push(contractVersion),
});

describe('loadAdapters', () => {
  it('binds adapters written for the contract head, with the system’s time limit, and skips the rest with a warning', async () => {
    const closed: string[] = [];
    const seen: unknown[] = [];
    const logs = captureLogs();
    const loaded = await loadAdapters(config, {
      contracts: [caseManagement],
      logger: logs.logger,
      importPackage: async (name) => {
        if (name === '@test/good')
          return {
            createAdapter: (given: unknown) => {
              seen.push(given);
              return adapter(caseManagement.head.version, closed);
            },
          };
        if (name === '@test/old-head') return { createAdapter: () => [adapter('2026-08-15', closed)] };
        if (name === '@test/no-factory') return {};
        throw new Error(`Cannot find package '${name}'`);
      },
    });
    expect(loaded.lookup('good', 'case-management')?.timeoutMs).toBe(4321);
    expect(seen).toEqual([config.businessSystems[0]]);
    for (const id of ['old-head', 'missing', 'no-factory', 'unused']) {
      expect(loaded.lookup(id, 'case-management'), id).toBeUndefined();
    }
    const text = logs.text();
    expect(text).toContain(
      'business system old-head: the adapter was written for another head than 2026-12-01',
    );
    expect(text).toContain('business system missing: adapter @test/missing not loaded');
    expect(text).toContain('business system no-factory: adapter @test/no-factory not loaded');
    await loaded.close();
    expect(closed.sort()).toEqual(['2026-08-15', '2026-12-01']);
  });
});
