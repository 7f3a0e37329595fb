/**
 * esbuild-wasm (Go): its Node API starts the compiler's wasm in a child process (which gets the same
 * `WebAssembly` through the preload), then transforms 120 generated TypeScript classes, minified, and bundles
 * nothing else.
 * @module
 */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export const meta = { pkg: 'esbuild-wasm', kind: 'compiler', workload: 'start + transform 120 TS classes (minify)' };

function source(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(`export class Agent${i} implements Runner<number> {
  private readonly counts: Map<string, number> = new Map();
  constructor(public readonly id: number, private label: string = 'agent-${i}') {}
  run(input: readonly number[]): number {
    let acc = ${i};
    for (const x of input) acc = (acc * 31 + x) | 0;
    this.counts.set(this.label, (this.counts.get(this.label) ?? 0) + 1);
    return acc satisfies number;
  }
}`);
  }
  return `interface Runner<T> { run(input: readonly T[]): T }\n${out.join('\n')}\n`;
}

export async function run() {
  const esbuild = createRequire(import.meta.url)('esbuild-wasm');
  const r = await esbuild.transform(source(120), { loader: 'ts', minify: true, target: 'es2019' });
  await esbuild.stop();
  return `${r.code.length}:${createHash('sha256').update(r.code).digest('hex')}`;
}
