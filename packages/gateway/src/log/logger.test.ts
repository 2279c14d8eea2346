import { BryggaError } from '@brygga/contract';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/fixtures/capture-logs.ts';

describe('createLogger', () => {
  it('drops fields that are not allowlisted, from the call and from child bindings alike', () => {
    const logs = captureLogs();
    const child = logs.logger.child({
      requestId: 'r1',
      body: { pnr: '199001011234' },
      email: 'anna@example.se',
    });
    child.info({ body: { name: 'Anna' }, headers: { cookie: 'x' }, operation: 'case.create' }, 'created');
    expect(logs.entries()).toEqual([
      expect.objectContaining({ requestId: 'r1', operation: 'case.create', msg: 'created', level: 30 }),
    ]);
    expect(logs.text()).not.toMatch(/Anna|anna@|cookie|body/);
  });

  it('masks personnummer shapes in messages, bindings and values', () => {
    const logs = captureLogs();
    logs.logger
      .child({ eservice: 'es-199001011234' })
      .warn({ operation: '900101-1234' }, 'for 19900101-1234');
    expect(logs.text()).not.toMatch(/1234/);
    expect(logs.entries()[0]).toMatchObject({ eservice: 'es-[personnummer]', msg: 'for [personnummer]' });
  });

  it('logs errors as code and name, with a stack only when unexpected', () => {
    const logs = captureLogs();
    logs.logger.warn({ err: new BryggaError('conflict') }, 'expected');
    logs.logger.error({ err: new RangeError('bad 9001011234') }, 'unexpected');
    const [expected, unexpected] = logs.entries();
    expect(expected).toMatchObject({ errorCode: 'conflict', errorName: 'BryggaError' });
    expect(expected).not.toHaveProperty('stack');
    expect(unexpected).toMatchObject({ errorName: 'RangeError' });
    expect(unexpected?.stack).toMatch(/^\s+at /);
    expect(logs.text()).not.toMatch(/bad/);
  });

  it('respects the level', () => {
    const logs = captureLogs('info');
    logs.logger.debug('hidden');
    logs.logger.info('shown');
    expect(logs.entries().map((entry) => entry.msg)).toEqual(['shown']);
  });
});
