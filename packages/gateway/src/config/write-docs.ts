/**
 * Regenerates the reference part of docs/configuration.md from the schema:
 *
 *     pnpm exec node packages/gateway/src/config/write-docs.ts
 *
 * Everything above the marker line is hand-written and kept; everything below it is replaced.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { docsUrl, referenceMarker } from './docs-marker.ts';
import { renderConfigReference } from './reference.ts';

const docsPath = fileURLToPath(docsUrl);

const current = await readFile(docsPath, 'utf8');
const at = current.indexOf(referenceMarker);
if (at === -1) {
  console.error(
    `${docsPath} has no line ${referenceMarker}; add it where the generated reference should start.`,
  );
  process.exit(1);
}
const next = `${current.slice(0, at + referenceMarker.length)}\n\n${renderConfigReference()}`;
if (next === current) {
  console.log(`${docsPath} is up to date.`);
} else {
  await writeFile(docsPath, next);
  console.log(`Wrote the configuration reference to ${docsPath}.`);
}
