// Rebuilds stats.wasm from stats.wat with wasm-tools (through @bytecodealliance/jco-transpile, a root dev
// dependency). stats.wasm is checked in, so running the agent and its tests needs none of this.
// Usage: node examples/stats-wat/build.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';

const dir = import.meta.dirname;
const bytes = await parse(readFileSync(join(dir, 'stats.wat'), 'utf8'));
writeFileSync(join(dir, 'stats.wasm'), bytes);
console.log(`stats.wat → stats.wasm (${bytes.length} bytes)`);
