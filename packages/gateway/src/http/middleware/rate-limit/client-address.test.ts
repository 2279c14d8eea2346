import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEnv } from '../../env.ts';
import { addressKey, clientAddressResolver, isAddressOrBlock } from './client-address.ts';

/** A real server on 127.0.0.1 answering with the client address each trust setting sees. */
const app = new Hono<GatewayEnv>();
const settings: Record<string, readonly string[]> = {
  none: [],
  loopback: ['127.0.0.1'],
  loopbackAndLan: ['127.0.0.0/8', '10.0.0.0/8', '2001:db8::/32'],
  elsewhere: ['192.0.2.0/24'],
};
for (const [name, trusted] of Object.entries(settings)) {
  const resolve = clientAddressResolver(trusted);
  app.get(`/${name}`, (c) => c.text(resolve(c) ?? 'none'));
}
const server = createAdaptorServer({ fetch: app.fetch });
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function seen(setting: string, forwardedFor?: string): Promise<string> {
  const headers: Record<string, string> =
    forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return (await fetch(`${base}/${setting}`, { headers })).text();
}

describe('clientAddressResolver', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy (spoofing gets no fresh bucket)', async () => {
    expect(await seen('none', '203.0.113.9')).toBe('127.0.0.1');
    expect(await seen('elsewhere', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('takes the client from X-Forwarded-For when the peer is trusted', async () => {
    expect(await seen('loopback', '203.0.113.9')).toBe('203.0.113.9');
    expect(await seen('loopback')).toBe('127.0.0.1');
  });

  it('reads right to left past trusted hops, and stops at the first untrusted one', async () => {
    // The client wrote a made-up first entry; the proxies appended what they saw.
    expect(await seen('loopbackAndLan', '1.1.1.1, 203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
    expect(await seen('loopbackAndLan', '203.0.113.9, 2001:db8::7')).toBe('203.0.113.9');
    // Only trusted hops: the leftmost is as close to the client as anyone knows.
    expect(await seen('loopbackAndLan', '10.0.0.1, 10.0.0.2')).toBe('10.0.0.1');
    // With one trusted proxy, a client's own header entries before the proxy's are not believed.
    expect(await seen('loopback', '1.1.1.1, 203.0.113.9')).toBe('203.0.113.9');
  });

  it('ends the walk at the hop that wrote something that is not an address', async () => {
    expect(await seen('loopbackAndLan', '203.0.113.9, not-an-address, 10.0.0.2')).toBe('10.0.0.2');
    expect(await seen('loopback', 'garbage')).toBe('127.0.0.1');
  });

  it('reads hops written with a port or in brackets, and still refuses ones that are not addresses', async () => {
    expect(await seen('loopback', '203.0.113.7:51234')).toBe('203.0.113.7');
    expect(await seen('loopbackAndLan', '203.0.113.9, 10.1.2.3:8080')).toBe('203.0.113.9');
    expect(await seen('loopbackAndLan', '203.0.113.9, [2001:db8::1]:443')).toBe('203.0.113.9');
    expect(await seen('loopbackAndLan', '203.0.113.9, [2001:db8::1]')).toBe('203.0.113.9');
    expect(await seen('loopback', '[2001:db8:1:2::9]:443')).toBe('2001:db8:1:2::/64');
    expect(await seen('loopbackAndLan', '203.0.113.9, unknown, 10.0.0.2:80')).toBe('10.0.0.2');
    expect(await seen('loopback', 'unknown')).toBe('127.0.0.1');
    expect(await seen('loopback', '[not-an-address]:80')).toBe('127.0.0.1');
  });

  it('keys an IPv6 client by its /64, so one subscriber cannot mint fresh buckets', async () => {
    expect(await seen('loopback', '2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(await seen('loopback', '2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(await seen('loopback', '::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('is undefined outside the Node.js server', async () => {
    expect(await (await app.request('/loopback')).text()).toBe('none');
  });

  it('refuses a setting that is neither an address nor a block', () => {
    expect(() => clientAddressResolver(['10.0.0.0/33'])).toThrow(TypeError);
  });
});

describe('isAddressOrBlock', () => {
  it.each([
    ['10.0.0.5', true],
    ['10.0.0.0/8', true],
    ['2001:db8::1', true],
    ['2001:db8::/32', true],
    ['::ffff:10.0.0.1', true],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['10.0.0.0/8/8', false],
    ['proxy.stad.se', false],
    ['10.0.0.0/', false],
  ])('%s → %s', (entry, expected) => {
    expect(isAddressOrBlock(entry)).toBe(expected);
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses, unmaps IPv4-mapped IPv6, and cuts IPv6 to its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::FFFF:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('not-an-address')).toBe('not-an-address');
  });
});
