// Rebuilds the checked-in .wasm files of this folder from their .wat sources (wasm-tools through jco-transpile).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';

const dir = import.meta.dirname;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
  const bytes = await parse(readFileSync(join(dir, name), 'utf8'));
  writeFileSync(join(dir, name.replace(/\.wat$/, '.wasm')), bytes);
  console.log(`${name} → ${name.replace(/\.wat$/, '.wasm')} (${bytes.length} bytes)`);
}
