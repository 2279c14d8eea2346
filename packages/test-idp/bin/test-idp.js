#!/usr/bin/env node
// Plain JS entry so the bin works through package-manager shims; the IdP itself is TypeScript run by Node 24.
import { main } from '../src/main.ts';

process.exitCode = await main(process.argv.slice(2));
