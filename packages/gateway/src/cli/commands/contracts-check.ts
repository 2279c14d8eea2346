import { defineCommand } from '../command.ts';

export const contractsCheckCommand = defineCommand({
  path: ['contracts', 'check'],
  summary: 'Check that published contract versions are unchanged and the head breaks no caller.',
  usage: 'contracts check [--write]',
  description: [
    'Regenerates the OpenAPI document of every contract version and compares it with the committed one',
    '(packages/<contract package>/openapi/<version>.json). Versions older than the head must be identical:',
    'the first differing JSON path is named. The head may only grow: a breaking change (named by rule and',
    'JSON path) needs a new version. Exits 0 when all is well, 1 otherwise. docs/contracts.md explains it.',
  ].join('\n'),
  options: { write: { type: 'boolean' } },
  optionHelp: {
    write:
      'Write the documents of versions not published yet, and record additive head changes. Never rewrites an older version.',
  },
  async run({ values, io }) {
    // Loaded here, not at the top: every other command (start included) would pay for the OpenAPI generator.
    const { runContractsCheck } = await import('../../contracts/check/run.ts');
    const { builtInContracts } = await import('../../contracts/registry.ts');
    return runContractsCheck(builtInContracts, { write: values.write === true, io });
  },
});
