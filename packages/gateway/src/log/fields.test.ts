import { BryggaError } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { errorFields, gateLine } from './fields.ts';

describe('gateLine', () => {
  it('keeps allowlisted primitive fields and drops everything else', () => {
    const line = JSON.stringify({
      level: 30,
      time: 1,
      msg: 'hello',
      requestId: 'r1',
      route: '/cases/:id',
      body: { name: 'Anna' },
      query: 'pnr=1',
      url: '/cases/1',
      status: { nested: true },
    });
    expect(JSON.parse(gateLine(line))).toEqual({
      level: 30,
      time: 1,
      msg: 'hello',
      requestId: 'r1',
      route: '/cases/:id',
    });
  });

  it('masks personnummer shapes in every kept value, message and stack included', () => {
    const out = gateLine(
      JSON.stringify({
        msg: 'lookup 19900101-1234',
        stack: 'Error: 9001011234\n at x',
        operation: '900101-1234',
      }),
    );
    expect(out).not.toMatch(/1234/);
    expect(out.endsWith('\n')).toBe(true);
  });

  it('replaces a line that is not a JSON object', () => {
    expect(JSON.parse(gateLine('not json 199001011234'))).toEqual({
      level: 50,
      msg: 'log line dropped: not JSON',
    });
    expect(JSON.parse(gateLine('[1,2]')).msg).toBe('log line dropped: not JSON');
  });
});

describe('errorFields', () => {
  it('gives code and name, but no stack, for a BryggaError, plus its cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1'), { code: 'ECONNREFUSED' });
    expect(errorFields(new BryggaError('service_unavailable', { cause }))).toEqual({
      errorCode: 'service_unavailable',
      errorName: 'BryggaError',
      causeCode: 'ECONNREFUSED',
      causeName: 'Error',
    });
  });

  it('includes the frames of the stack of an unexpected error, but not its message', () => {
    const fields = errorFields(new TypeError('x is undefined'));
    expect(fields.errorName).toBe('TypeError');
    expect(fields.stack).toMatch(/^\s+at /);
    expect(fields.stack).not.toMatch(/x is undefined/);
  });

  it('keeps personal data in the message of an unexpected error out of the stack field', () => {
    const error = new Error('no account for anna.andersson@example.se\nsecond line: Anna Andersson');
    const fields = errorFields(error);
    expect(fields.stack).toBeDefined();
    expect(fields.stack).not.toMatch(/anna|Andersson|example\.se|Error:/i);
    for (const line of fields.stack?.split('\n') ?? []) expect(line).toMatch(/^\s+at /);
    expect(fields.errorName).toBe('Error');
    const line = JSON.parse(gateLine(JSON.stringify({ level: 50, msg: 'boom', ...fields })));
    expect(JSON.stringify(line)).not.toMatch(/example\.se/);
  });

  it('never copies free text posing as a code or name', () => {
    const weird = Object.assign(new Error('m'), {
      code: 'not a code: 199001011234',
      name: 'Name with spaces',
    });
    const fields = errorFields(weird);
    expect(fields.errorCode).toBeUndefined();
    expect(fields.errorName).toBeUndefined();
  });

  it('describes thrown non-objects by type only', () => {
    expect(errorFields('199001011234')).toEqual({ errorName: 'string' });
  });
});

describe('gateLine with duplicate keys', () => {
  it('writes only the surviving value when a key is bound on a child and logged again', () => {
    const line = '{"level":30,"operation":{"body":"Anna Svensson"},"operation":"case.read","msg":"x"}';
    const out = gateLine(line);
    expect(JSON.parse(out)).toEqual({ level: 30, operation: 'case.read', msg: 'x' });
    expect(out).not.toMatch(/Anna/);
  });

  it('masks a personnummer hidden behind unicode escapes', () => {
    const out = gateLine('{"msg":"900101\\u002d1234"}');
    expect(JSON.parse(out)).toEqual({ msg: '[personnummer]' });
  });
});
