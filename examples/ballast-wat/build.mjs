// Rebuilds ballast.wasm from ballast.wat with wasm-tools (through @bytecodealliance/jco-transpile, a root dev
// dependency). ballast.wasm is checked in, so running the agent and the benchmark needs none of this.
// Usage: node examples/ballast-wat/build.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';

const dir = import.meta.dirname;
const bytes = await parse(readFileSync(join(dir, 'ballast.wat'), 'utf8'));
writeFileSync(join(dir, 'ballast.wasm'), bytes);
console.log(`ballast.wat → ballast.wasm (${bytes.length} bytes)`);
