import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

function fakeIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let stop: (signal: string) => void = () => {};
  let announced: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    announced = resolve;
  });
  return {
    out,
    err,
    listening,
    stop: (signal: string) => stop(signal),
    io: {
      stdout: (text: string) => {
        out.push(text);
        const url = /listening on (\S+)/.exec(text)?.[1];
        if (url) announced(url);
      },
      stderr: (text: string) => err.push(text),
      env,
      stopSignal: () =>
        new Promise<string>((resolve) => {
          stop = resolve;
        }),
    },
  };
}

describe('brygga-test-idp', () => {
  it('starts with the default dev client, answers discovery, and stops on a signal', async () => {
    const fake = fakeIo({ TEST_IDP_CLIENT_SECRET: 'from-env' });
    const exit = main(['--port', '0'], fake.io);
    const url = await fake.listening;
    const metadata = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
    };
    expect(metadata.issuer).toBe(url);
    fake.stop('SIGTERM');
    expect(await exit).toBe(0);
    expect(fake.out.join('')).toContain('NOT FOR PRODUCTION');
    expect(fake.out.join('')).toContain('brygga-gateway');
    expect(fake.out.join('')).not.toContain('from-env');
  });

  it('refuses production without --allow-production', async () => {
    const fake = fakeIo({ NODE_ENV: 'production' });
    expect(await main(['--port', '0'], fake.io)).toBe(1);
    expect(fake.err.join('')).toContain('NODE_ENV=production');
  });

  it('exits 2 on a wrong command line, 0 on --help', async () => {
    expect(await main(['--nope'], fakeIo().io)).toBe(2);
    const help = fakeIo();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toContain('Usage: brygga-test-idp');
  });

  it('reports a missing clients file as a failure to start', async () => {
    const fake = fakeIo();
    expect(await main(['--port', '0', '--clients', '/nonexistent/clients.json'], fake.io)).toBe(1);
    expect(fake.err.join('')).toContain('could not start');
  });
});
