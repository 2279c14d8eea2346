import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The budget of the browser core, minified and gzipped (openapi-fetch's size): 6 kB. */
export const coreBudgetBytes = 6 * 1024;

export interface BundleSize {
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  readonly inputs: readonly string[];
}

/**
 * The SDK core (`@brygga/sdk`) as a browser bundle: esbuild, ES modules, minified, everything it imports
 * included (type-only imports of the contract model vanish), gzipped at level 9.
 */
export async function coreBundleSize(): Promise<BundleSize> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output');
  return {
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
  };
}
