import { hash } from 'node:crypto';

/*
 * The hashing of Certificate Transparency (RFC 6962 §2.1, unchanged in RFC 9162 §2.1.1): leaves and interior
 * nodes are hashed with different one-byte prefixes, so a leaf can never be passed off as a node. Pure.
 */

export const hashLength = 32;

const leafPrefix = Buffer.of(0x00);
const nodePrefix = 0x01;

/** SHA-256 of nothing: the hash of the empty tree (RFC 6962 §2.1). */
export const emptyTreeHash: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

/** SHA-256(0x00 || entry). A string entry is hashed as its UTF-8 bytes. */
export function leafHash(entry: Uint8Array | string): Buffer {
  // U+0000 is the single byte 0x00 in UTF-8: prefixing the string saves copying it into a buffer first.
  if (typeof entry === 'string') return hash('sha256', `\u0000${entry}`, 'buffer');
  return hash('sha256', Buffer.concat([leafPrefix, entry]), 'buffer');
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== hashLength || right.length !== hashLength) throw new RangeError('a hash is 32 bytes');
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + hashLength);
  return hash('sha256', nodeInput, 'buffer');
}

const nodeInput = Buffer.alloc(1 + 2 * hashLength, nodePrefix);

/**
 * MTH(D[n]) of RFC 6962 §2.1, written as the RFC defines it (split at the largest power of two below n).
 * Recursive and O(n) memory: the reference for small trees and tests; logs use `MerkleFrontier`.
 */
export function merkleTreeHash(leafHashes: readonly Uint8Array[]): Buffer {
  const n = leafHashes.length;
  if (n === 0) return emptyTreeHash;
  if (n === 1) return Buffer.from(leafHashes[0] as Uint8Array);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHash(merkleTreeHash(leafHashes.slice(0, k)), merkleTreeHash(leafHashes.slice(k)));
}

/**
 * The right edge of a growing Merkle tree (a "compact range" from the start): one perfect-subtree hash per set
 * bit of `size`, largest first. Appending is amortised one node hash per leaf, the root costs O(log n), and
 * the whole state is at most 64 hashes, small enough to keep in the log's head row, so every writer (and every
 * gateway instance) can continue the tree without reading earlier leaves.
 */
export class MerkleFrontier {
  #size: number;
  readonly #hashes: Buffer[];

  constructor(size = 0, hashes: readonly Uint8Array[] = []) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('a tree size is a whole number');
    if (hashes.length !== popCount(size)) {
      throw new RangeError(
        `a tree of ${size} leaves has ${popCount(size)} frontier hashes, not ${hashes.length}`,
      );
    }
    this.#size = size;
    this.#hashes = hashes.map((each) => {
      if (each.length !== hashLength) throw new RangeError('a frontier hash is 32 bytes');
      return Buffer.from(each);
    });
  }

  get size(): number {
    return this.#size;
  }

  /** The perfect-subtree hashes, largest (leftmost) first. */
  get hashes(): readonly Buffer[] {
    return this.#hashes;
  }

  push(leaf: Uint8Array): void {
    let node: Buffer = Buffer.from(leaf);
    // Each trailing 1 bit of the old size is a perfect subtree of the same height as `node`: merge them.
    for (let size = this.#size; size % 2 === 1; size = Math.floor(size / 2)) {
      node = nodeHash(this.#hashes.pop() as Buffer, node);
    }
    this.#hashes.push(node);
    this.#size += 1;
  }

  /**
   * Appends a perfect subtree of 2^height leaves by its root hash, as if its leaves were pushed one by one: what
   * lets threads hash separate runs of leaves and one of them join the results. The size must be a multiple of
   * 2^height (the subtree starts on its own boundary).
   */
  pushSubtree(root: Uint8Array, height: number): void {
    const width = 2 ** height;
    if (!Number.isInteger(height) || height < 0 || this.#size % width !== 0) {
      throw new RangeError(`a subtree of height ${height} cannot start at tree size ${this.#size}`);
    }
    let node: Buffer = Buffer.from(root);
    for (let size = this.#size / width; size % 2 === 1; size = Math.floor(size / 2)) {
      node = nodeHash(this.#hashes.pop() as Buffer, node);
    }
    this.#hashes.push(node);
    this.#size += width;
  }

  /** MTH of the leaves so far: the perfect subtrees folded from the right, as RFC 6962's recursion does. */
  root(): Buffer {
    const last = this.#hashes.length - 1;
    if (last < 0) return emptyTreeHash;
    let root = this.#hashes[last] as Buffer;
    for (let index = last - 1; index >= 0; index -= 1) root = nodeHash(this.#hashes[index] as Buffer, root);
    return root;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.#size, this.#hashes);
  }
}

function popCount(value: number): number {
  let count = 0;
  for (let rest = value; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

/** The chain starts from 32 zero bytes, so the first link is SHA-256(0^32 || leaf_1). */
export const chainGenesis: Buffer = Buffer.alloc(hashLength);

/** chain_n = SHA-256(chain_{n-1} || leaf_n): a running hash over every leaf in order. */
export function chainNext(previous: Uint8Array, leaf: Uint8Array): Buffer {
  if (previous.length !== hashLength || leaf.length !== hashLength)
    throw new RangeError('a hash is 32 bytes');
  // One reused input buffer: this runs for every record written and verified.
  chainInput.set(previous, 0);
  chainInput.set(leaf, hashLength);
  return hash('sha256', chainInput, 'buffer');
}

const chainInput = Buffer.alloc(2 * hashLength);

/** Hashes travel as unpadded base64url text: in records, checkpoints and the database alike. */
export function encodeHash(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Decodes a hash written by `encodeHash`; anything that is not exactly 32 bytes of base64url is refused. */
export function decodeHash(text: string): Buffer {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) throw new RangeError('not a base64url SHA-256 hash');
  return Buffer.from(text, 'base64url');
}
