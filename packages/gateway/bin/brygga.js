#!/usr/bin/env node
// Plain JS entry so the bin works through package-manager shims; the CLI itself is TypeScript run by Node 24.
import { enableCompileCache } from 'node:module';

// Caches compiled (and type-stripped) modules on disk: later starts skip most of the parsing. Best effort.
const cache = enableCompileCache?.();
// Worker threads (the audit writer, verify) start their own module loaders: the variable hands them the cache.
if (cache?.directory && process.env.NODE_COMPILE_CACHE === undefined) {
  process.env.NODE_COMPILE_CACHE = cache.directory;
}

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
