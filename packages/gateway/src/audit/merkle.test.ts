import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chainGenesis,
  chainNext,
  decodeHash,
  emptyTreeHash,
  encodeHash,
  leafHash,
  MerkleFrontier,
  merkleTreeHash,
  nodeHash,
} from './merkle.ts';

// The reference leaves and tree heads of RFC 6962's test data, as used by certificate-transparency-go and trillian.
const ctLeaves = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));
const ctRoots = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** An independent, deliberately plain MTH: list-based, no shared helpers, straight from RFC 6962 §2.1. */
function plainMth(entries: readonly Buffer[]): string {
  const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  const tree = (items: readonly Buffer[]): Buffer => {
    if (items.length === 0) return sha();
    if (items.length === 1) return sha(Buffer.of(0), items[0] as Buffer);
    let k = 1;
    while (k < items.length) k <<= 1;
    k >>= 1;
    return sha(Buffer.of(1), tree(items.slice(0, k)), tree(items.slice(k)));
  };
  return tree(entries).toString('hex');
}

describe('RFC 6962 Merkle tree hashing', () => {
  it('hashes the empty tree to SHA-256 of nothing', () => {
    expect(emptyTreeHash.toString('hex')).toBe(ctRoots[0]);
    expect(merkleTreeHash([]).toString('hex')).toBe(ctRoots[0]);
    expect(new MerkleFrontier().root().toString('hex')).toBe(ctRoots[0]);
  });

  it('gives the reference tree head for every size from 1 to 8 (known answers)', () => {
    const leaves = ctLeaves.map((entry) => leafHash(entry));
    const frontier = new MerkleFrontier();
    for (let size = 1; size <= 8; size += 1) {
      frontier.push(leaves[size - 1] as Buffer);
      expect(merkleTreeHash(leaves.slice(0, size)).toString('hex'), `size ${size}`).toBe(ctRoots[size]);
      expect(frontier.root().toString('hex'), `frontier size ${size}`).toBe(ctRoots[size]);
    }
  });

  it('agrees with an independent plain implementation on every size up to 130', () => {
    const entries = Array.from({ length: 130 }, (_, index) => Buffer.from(`entry ${index}`));
    const frontier = new MerkleFrontier();
    for (let size = 0; size <= entries.length; size += 1) {
      const expected = plainMth(entries.slice(0, size));
      expect(frontier.root().toString('hex'), `size ${size}`).toBe(expected);
      expect(merkleTreeHash(entries.slice(0, size).map((e) => leafHash(e))).toString('hex')).toBe(expected);
      if (size < entries.length) frontier.push(leafHash(entries[size] as Buffer));
    }
  });

  it('keeps one hash per set bit of the size and can be restored from them', () => {
    const frontier = new MerkleFrontier();
    for (let index = 0; index < 13; index += 1) frontier.push(leafHash(String(index)));
    expect(frontier.hashes).toHaveLength(3); // 13 = 8 + 4 + 1
    const restored = new MerkleFrontier(13, frontier.hashes);
    restored.push(leafHash('13'));
    frontier.push(leafHash('13'));
    expect(restored.root().equals(frontier.root())).toBe(true);
    expect(() => new MerkleFrontier(13, frontier.hashes.slice(1))).toThrow(RangeError);
  });

  it('separates leaves from nodes by their prefixes', () => {
    const a = leafHash('a');
    const b = leafHash('b');
    expect(nodeHash(a, b).equals(leafHash(Buffer.concat([a, b])))).toBe(false);
    expect(nodeHash(a, b).toString('hex')).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.of(1), a, b]))
        .digest('hex'),
    );
  });
});

describe('the running chain', () => {
  it('is SHA-256(previous || leaf) from 32 zero bytes', () => {
    const leaf = leafHash('first');
    expect(chainGenesis).toEqual(Buffer.alloc(32));
    expect(chainNext(chainGenesis, leaf).toString('hex')).toBe(
      createHash('sha256').update(Buffer.alloc(32)).update(leaf).digest('hex'),
    );
  });

  it('round-trips hashes through base64url and refuses anything else', () => {
    const leaf = leafHash('x');
    expect(decodeHash(encodeHash(leaf)).equals(leaf)).toBe(true);
    expect(encodeHash(leaf)).toHaveLength(43);
    expect(() => decodeHash('short')).toThrow(RangeError);
    expect(() => decodeHash(`${encodeHash(leaf).slice(0, 42)}+`)).toThrow(RangeError);
  });
});
