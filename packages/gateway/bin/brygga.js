#!/usr/bin/env node
// Plain JS entry so the bin works through package-manager shims; the CLI itself is TypeScript run by Node 24.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
