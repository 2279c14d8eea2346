import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so tests work from any working folder. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The `brygga` command as installed: the package's bin file, run by the pinned Node. */
export const bryggaBin = join(repoRoot, 'packages/gateway/bin/brygga.js');
