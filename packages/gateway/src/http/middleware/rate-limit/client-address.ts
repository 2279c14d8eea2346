import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { GatewayEnv } from '../../env.ts';

/** Whether `entry` is an IP address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`) `trustedProxies` takes. */
export function isAddressOrBlock(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `::ffff:192.0.2.1` (how a dual-stack socket reports an IPv4 peer) as `192.0.2.1`; other addresses as given. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const family = isIP(address);
  return family === 4 ? 'ipv4' : family === 6 ? 'ipv6' : undefined;
}

/** The set of trusted proxies, as node:net's BlockList (it matches addresses against blocks of either family). */
function trustedSet(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    if (!isAddressOrBlock(entry)) throw new TypeError(`Not an IP address or CIDR block: ${entry}`);
    const [address = '', prefix] = entry.split('/');
    const type = familyOf(plain(address)) ?? 'ipv6';
    if (prefix === undefined) list.addAddress(plain(address), type);
    else list.addSubnet(address, Number(prefix), familyOf(address) ?? 'ipv6');
  }
  return (address) => {
    const type = familyOf(address);
    return type !== undefined && list.check(address, type);
  };
}

/**
 * The client's address, given the proxies in front of the gateway. Without trusted proxies (the default) it is
 * the socket's peer, whatever X-Forwarded-For says: a client writes what it likes there. When the peer is a
 * trusted proxy, X-Forwarded-For is read from the right (each proxy appends the address it got the request
 * from), skipping trusted hops: the first untrusted address is the client. An entry that is not an address
 * ends the walk at the hop that wrote it. Undefined outside the Node.js server.
 */
export function clientAddressResolver(
  trustedProxies: readonly string[],
): (c: Context<GatewayEnv>) => string | undefined {
  if (trustedProxies.length === 0) return socketPeer;
  const trusted = trustedSet(trustedProxies);
  return (c) => {
    const peer = socketPeer(c);
    if (peer === undefined || !trusted(peer)) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop.length > 0);
    let current = peer;
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = plain(hops[index] ?? '');
      if (familyOf(hop) === undefined) return current;
      current = hop;
      if (!trusted(hop)) return hop;
    }
    return current;
  };
}

function socketPeer(c: Context<GatewayEnv>): string | undefined {
  if (c.env?.incoming === undefined) return undefined;
  const address = getConnInfo(c).remote.address;
  return address === undefined ? undefined : plain(address);
}
