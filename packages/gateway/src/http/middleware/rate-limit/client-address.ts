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

/** The eight 16-bit groups of an IPv6 address (`::` expanded, an IPv4 tail as two groups, a zone dropped). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0] ?? '';
  const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  const groups = rest === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  if (groups.length !== 8) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}

/**
 * What a per-address limit counts by: an IPv4 address as it is (`::ffff:192.0.2.1` as `192.0.2.1`), an IPv6
 * address by its /64 network (`2001:db8:1:2::/64`). One subscriber is routinely given a whole /64, so counting
 * full IPv6 addresses would hand it 2^64 fresh buckets. Anything else is returned as given.
 */
export function addressKey(address: string): string {
  const unmapped = plain(address);
  if (isIP(unmapped) !== 6) return unmapped;
  const groups = ipv6Groups(unmapped);
  if (groups === undefined) return unmapped;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/**
 * One X-Forwarded-For hop as a bare address. Accepted: `192.0.2.1`, `192.0.2.1:51234`, `2001:db8::1`,
 * `[2001:db8::1]` and `[2001:db8::1]:443` (proxies differ in whether they write the port and brackets).
 * Anything else (`unknown`, an obfuscated `_node` identifier, a host name) is returned unchanged and then
 * refused as not an address.
 */
function hopAddress(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(hop);
  if (bracketed) return bracketed[1] ?? hop;
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(hop);
  if (ipv4WithPort) return ipv4WithPort[1] ?? hop;
  return hop;
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
 * The client's address as a rate-limit key (see addressKey: IPv6 by its /64), given the proxies in front of
 * the gateway. Without trusted proxies (the default) it is
 * the socket's peer, whatever X-Forwarded-For says: a client writes what it likes there. When the peer is a
 * trusted proxy, X-Forwarded-For is read from the right (each proxy appends the address it got the request
 * from), skipping trusted hops: the first untrusted address is the client. A hop may carry a port or brackets
 * (see hopAddress); an entry that is not an address ends the walk at the hop that wrote it. Undefined outside
 * the Node.js server.
 */
export function clientAddressResolver(
  trustedProxies: readonly string[],
): (c: Context<GatewayEnv>) => string | undefined {
  if (trustedProxies.length === 0) return (c) => keyOf(socketPeer(c));
  const trusted = trustedSet(trustedProxies);
  return (c) => keyOf(walk(c));
  function walk(c: Context<GatewayEnv>): string | undefined {
    const peer = socketPeer(c);
    if (peer === undefined || !trusted(peer)) return peer;
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop.length > 0);
    let current = peer;
    for (let index = hops.length - 1; index >= 0; index -= 1) {
      const hop = plain(hopAddress(hops[index] ?? ''));
      if (familyOf(hop) === undefined) return current;
      current = hop;
      if (!trusted(hop)) return hop;
    }
    return current;
  }
}

function keyOf(address: string | undefined): string | undefined {
  return address === undefined ? undefined : addressKey(address);
}

function socketPeer(c: Context<GatewayEnv>): string | undefined {
  if (c.env?.incoming === undefined) return undefined;
  const address = getConnInfo(c).remote.address;
  return address === undefined ? undefined : plain(address);
}
