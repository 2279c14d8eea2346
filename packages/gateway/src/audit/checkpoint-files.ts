import { constants } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointDocument, parseCheckpoint, type SignedCheckpoint } from './checkpoint.ts';

/*
 * Checkpoints exported as files, one JSON document each, outside the database. A file is written to a
 * temporary name, fsynced, renamed into place and the folder fsynced, so a crash leaves either no file or a
 * whole one. An existing file is never overwritten: it is the evidence a changed database is checked against.
 */

const filePattern = /^checkpoint-(\d{16})\.json$/;

export function checkpointFileName(treeSize: number): string {
  return `checkpoint-${String(treeSize).padStart(16, '0')}.json`;
}

async function fsyncPath(path: string, flags: number): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes the file unless it exists. Returns false when a file of that size is already there. */
export async function writeCheckpointFile(dir: string, checkpoint: SignedCheckpoint): Promise<boolean> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, checkpointFileName(checkpoint.treeSize));
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(`${checkpointDocument(checkpoint)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() refuses an existing target where rename() would silently replace it.
    await link(temporary, target);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  await fsyncPath(dir, constants.O_RDONLY);
  return true;
}

export interface CheckpointFile {
  readonly file: string;
  /** From the file name; undefined when the name does not follow the pattern. */
  readonly treeSize: number | undefined;
  readonly checkpoint?: SignedCheckpoint;
  /** Why the file could not be read as a checkpoint. */
  readonly error?: string;
}

/** Every checkpoint file in the folder, by tree size. A missing folder is an empty list. */
export async function readCheckpointFiles(dir: string): Promise<CheckpointFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
  const files: CheckpointFile[] = [];
  for (const name of names) {
    if (name.endsWith('.tmp')) continue;
    const match = filePattern.exec(name);
    const treeSize = match ? Number(match[1]) : undefined;
    if (!name.endsWith('.json')) continue;
    try {
      const checkpoint = parseCheckpoint(await readFile(join(dir, name), 'utf8'));
      if (treeSize !== checkpoint.treeSize) {
        files.push({ file: name, treeSize, error: 'its name does not match its tree size' });
      } else files.push({ file: name, treeSize, checkpoint });
    } catch (error) {
      files.push({ file: name, treeSize, error: error instanceof Error ? error.message : 'unreadable' });
    }
  }
  return files.sort((a, b) => (a.treeSize ?? 0) - (b.treeSize ?? 0));
}

/** The largest tree size exported to the folder, by file name alone (cheap: read at every start). */
export async function largestExportedSize(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return 0;
    throw error;
  }
  let largest = 0;
  for (const name of names) {
    const match = filePattern.exec(name);
    if (match) largest = Math.max(largest, Number(match[1]));
  }
  return largest;
}
