/**
 * Compiles every distinct `.wasm` file found under the given folders (deduplicated by SHA-256) with V8
 * (`new WebAssembly.Module`) and with the interpreter's facade, and prints one line per module: where it was
 * found, its size, and each engine's verdict (the error message when it refuses). Each module is compiled in a
 * child process of its own so that one module's memory does not weigh on the next.
 *
 * Usage: node compile-survey.mjs path/to/packages/interpreter/dist folder…
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dist, ...roots] = process.argv.slice(2);
if (process.env.SURVEY_CHILD) {
  const bytes = readFileSync(roots[0]);
  const verdict = (f) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return `refused: ${String(e?.message ?? e)
        .split('\n')[0]
        .slice(0, 100)}`;
    }
  };
  const v8 = verdict(() => new WebAssembly.Module(bytes));
  const { WebAssembly: Facade } = await import(`${dist}/src/index.js`);
  const ours = verdict(() => new Facade.Module(bytes));
  console.log(JSON.stringify({ v8, ours }));
  process.exit(0);
}

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith('.wasm') && statSync(p).size > 64) yield p;
  }
}
const seen = new Set();
let total = 0;
let v8ok = 0;
let ours = 0;
for (const root of roots)
  for (const file of walk(root)) {
    const bytes = readFileSync(file);
    if (bytes[0] !== 0 || bytes[1] !== 0x61) continue;
    const h = createHash('sha256').update(bytes).digest('hex');
    if (seen.has(h)) continue;
    seen.add(h);
    const out = execFileSync(process.execPath, [process.argv[1], dist, file], {
      env: { ...process.env, SURVEY_CHILD: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(out.trim().split('\n').pop());
    total++;
    if (r.v8 === 'ok') v8ok++;
    if (r.ours === 'ok') ours++;
    console.log(`${relative(root, file)}\t${(bytes.length / 1e6).toFixed(2)} MB\tV8 ${r.v8}\tours ${r.ours}`);
  }
console.log(`${total} distinct modules: V8 compiles ${v8ok}, the facade ${ours}`);
