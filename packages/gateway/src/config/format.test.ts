import { describe, expect, it } from 'vitest';
import { formatIssues } from './index.ts';

describe('formatIssues', () => {
  const issue = {
    path: 'eServices[0].purposes[0]',
    message: 'This e-service names a purpose that is not defined.',
    expected: 'the id of a purpose defined under purposes',
    found: '"tax-check"',
    line: 12,
    column: 7,
  };

  it('prints one block per issue: place, path, message, expected, found', () => {
    expect(
      formatIssues([issue, { path: '', message: 'The file does not exist.' }], 'brygga.config.yaml'),
    ).toBe(
      [
        'brygga.config.yaml:12:7  eServices[0].purposes[0]',
        '  This e-service names a purpose that is not defined.',
        '  expected: the id of a purpose defined under purposes',
        '  found: "tax-check"',
        '',
        'brygga.config.yaml  (whole file)',
        '  The file does not exist.',
      ].join('\n'),
    );
  });

  it('gives the line and column without a file name', () => {
    expect(formatIssues([issue]).split('\n')[0]).toBe('line 12:7  eServices[0].purposes[0]');
  });
});
