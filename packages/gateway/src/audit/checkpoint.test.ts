import { describe, expect, it } from 'vitest';
import {
  type CheckpointBody,
  checkpointDocument,
  checkpointHash,
  checkSignature,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint.ts';
import { encodeHash, leafHash } from './merkle.ts';
import { signingKeyPair } from './test-fixtures.ts';

const body: CheckpointBody = {
  v: 1,
  origin: '0b7c8a52-4e55-4ef1-9d63-1f7b0f7b2a11',
  treeSize: 42,
  root: encodeHash(leafHash('root')),
  chainHead: encodeHash(leafHash('chain')),
  previous: null,
  time: '2026-11-27T10:00:00.000Z',
  keyId: 'checkpoint-1',
};

describe('checkpoints', () => {
  const { privateKey, publicKey } = signingKeyPair();
  const trusted = new Map([['checkpoint-1', publicKey]]);

  it('verifies with the key its keyId names, and with no other', () => {
    const checkpoint = signCheckpoint(body, privateKey);
    expect(checkSignature(checkpoint, trusted)).toBe('valid');
    expect(checkSignature(checkpoint, new Map([['checkpoint-1', signingKeyPair().publicKey]]))).toBe(
      'invalid',
    );
    expect(checkSignature({ ...checkpoint, keyId: 'other' }, trusted)).toBe('unknown-key');
  });

  it('fails on any changed member', () => {
    const checkpoint = signCheckpoint(body, privateKey);
    for (const changed of [
      { treeSize: 43 },
      { root: encodeHash(leafHash('other')) },
      { chainHead: encodeHash(leafHash('other')) },
      { previous: encodeHash(leafHash('p')) },
      { time: '2026-11-27T10:00:00.001Z' },
      { origin: 'another' },
    ]) {
      expect(checkSignature({ ...checkpoint, ...changed }, trusted), JSON.stringify(changed)).toBe('invalid');
    }
  });

  it('round-trips through its document, whose hash links the next checkpoint', () => {
    const checkpoint = signCheckpoint(body, privateKey);
    const document = checkpointDocument(checkpoint);
    expect(parseCheckpoint(document)).toEqual(checkpoint);
    expect(document.startsWith('{"chainHead":')).toBe(true);
    expect(checkpointHash(checkpoint)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(checkpointHash({ ...checkpoint, time: '2027-01-01T00:00:00.000Z' })).not.toBe(
      checkpointHash(checkpoint),
    );
  });

  it('refuses a document that is not a checkpoint, saying why', () => {
    const valid = JSON.parse(checkpointDocument(signCheckpoint(body, privateKey)));
    expect(() => parseCheckpoint('[]')).toThrow('not a JSON object');
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, v: 2 }))).toThrow('unknown checkpoint version');
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, treeSize: 0 }))).toThrow('treeSize');
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, extra: 1 }))).toThrow('unknown field extra');
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, root: 'a+b' }))).toThrow('root is not base64url');
  });
});
