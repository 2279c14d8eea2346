import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointDocument, signCheckpoint } from './checkpoint.ts';
import { largestExportedSize, readCheckpointFiles, writeCheckpointFile } from './checkpoint-files.ts';
import { encodeHash, leafHash } from './merkle.ts';
import { signingKeyPair, tempDir } from './test-fixtures.ts';

const dir = tempDir('brygga-checkpoint-files-');
afterAll(() => dir.remove());
const { privateKey } = signingKeyPair();
const checkpoint = (treeSize: number, time = '2026-11-27T10:00:00.000Z') =>
  signCheckpoint(
    {
      v: 1,
      origin: 'o',
      treeSize,
      root: encodeHash(leafHash(String(treeSize))),
      chainHead: encodeHash(leafHash('c')),
      previous: null,
      time,
      keyId: 'k',
    },
    privateKey,
  );

describe('checkpoint files', () => {
  it('writes one whole file per checkpoint, never overwrites one, and leaves no temporary file', async () => {
    const folder = join(dir.path, 'a');
    expect(await largestExportedSize(folder)).toBe(0);
    expect(await writeCheckpointFile(folder, checkpoint(100))).toBe(true);
    expect(await writeCheckpointFile(folder, checkpoint(100, '2030-01-01T00:00:00.000Z'))).toBe(false);
    expect(await writeCheckpointFile(folder, checkpoint(7))).toBe(true);
    expect(readdirSync(folder).sort()).toEqual([
      'checkpoint-0000000000000007.json',
      'checkpoint-0000000000000100.json',
    ]);
    const text = readFileSync(join(folder, 'checkpoint-0000000000000100.json'), 'utf8');
    expect(text).toBe(`${checkpointDocument(checkpoint(100))}\n`);
    expect(await largestExportedSize(folder)).toBe(100);
  });

  it('reads them in tree-size order and reports the ones that are not checkpoints', async () => {
    const folder = join(dir.path, 'b');
    await writeCheckpointFile(folder, checkpoint(20));
    await writeCheckpointFile(folder, checkpoint(3));
    writeFileSync(join(folder, 'checkpoint-0000000000000009.json'), '{"v":1');
    writeFileSync(join(folder, 'checkpoint-0000000000000011.json'), checkpointDocument(checkpoint(12)));
    writeFileSync(join(folder, 'notes.txt'), 'ignored');
    const files = await readCheckpointFiles(folder);
    expect(files.map((file) => [file.treeSize, file.checkpoint?.treeSize, file.error === undefined])).toEqual(
      [
        [3, 3, true],
        [9, undefined, false],
        [11, undefined, false],
        [20, 20, true],
      ],
    );
    expect(files[2]?.error).toBe('its name does not match its tree size');
    expect(await readCheckpointFiles(join(dir.path, 'missing'))).toEqual([]);
  });
});
