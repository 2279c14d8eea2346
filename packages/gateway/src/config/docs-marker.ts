/** The line in docs/configuration.md below which the reference is generated (see write-docs.ts). */
export const referenceMarker =
  '<!-- Generated from the schema below this line: pnpm exec node packages/gateway/src/config/write-docs.ts -->';

/** Where the docs live, relative to this folder. */
export const docsUrl = new URL('../../../../docs/configuration.md', import.meta.url);
