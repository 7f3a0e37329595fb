// Rebuilds wordtree.wasm from WordTree.kt with the Kotlin/Wasm compiler (WASI target, WasmGC output).
// wordtree.wasm is checked in, so running the agent and its tests needs none of this.
//
// The compiler is the npm package `kotlin-compiler` (JetBrains' CLI distribution: kotlinc-wasm and the
// kotlin-stdlib-wasm-wasi klib) and runs on a JVM (Debian: apt-get install openjdk-17-jre-headless). It is taken
// from $KOTLIN_HOME when set, else fetched once with `npm pack` into examples/wordtree-kotlin/out/ (not checked
// in, about 90 MB unpacked). Two steps, as Kotlin/Wasm builds: the source to a klib, then the klib and the
// standard library linked into one module with dead-code elimination.
//
// Usage: node examples/wordtree-kotlin/build.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const KOTLIN_VERSION = '2.4.20';
const dir = import.meta.dirname;
const out = join(dir, 'out');

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(1);
}

function run(tool, args, hint, cwd = dir) {
  try {
    return execFileSync(tool, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    if (e.code === 'ENOENT') fail(`${tool} not found (${hint})`);
    fail(`${tool} failed (${hint})\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? e.message}`);
  }
}

/** The Kotlin home: $KOTLIN_HOME, or the npm package unpacked under out/. */
function kotlinHome() {
  if (process.env.KOTLIN_HOME) return resolve(process.env.KOTLIN_HOME);
  const home = join(out, `kotlin-compiler-${KOTLIN_VERSION}`);
  if (existsSync(join(home, 'bin', 'kotlinc-wasm'))) return home;
  mkdirSync(home, { recursive: true });
  const tgz = run('npm', ['pack', '--silent', `kotlin-compiler@${KOTLIN_VERSION}`], 'npm', out).trim();
  run('tar', ['xzf', join(out, tgz), '-C', home, '--strip-components=1'], 'tar');
  rmSync(join(out, tgz));
  return home;
}

run('java', ['-version'], 'a JVM: apt-get install openjdk-17-jre-headless');
const home = kotlinHome();
const kotlinc = join(home, 'bin', 'kotlinc-wasm');
const stdlib = join(home, 'lib', 'kotlin-stdlib-wasm-wasi.klib');
const common = ['-Xwasm-target=wasm-wasi', '-libraries', stdlib];
const klibDir = join(out, 'klib');
const linkDir = join(out, 'link');
rmSync(klibDir, { recursive: true, force: true });
rmSync(linkDir, { recursive: true, force: true });
run(
  kotlinc,
  [...common, '-Werror', join(dir, 'WordTree.kt'), '-ir-output-dir', klibDir, '-ir-output-name', 'wordtree'],
  'compiling WordTree.kt',
);
run(
  kotlinc,
  [
    ...common,
    '-Xir-produce-js',
    '-Xir-dce',
    `-Xinclude=${join(klibDir, 'wordtree.klib')}`,
    '-ir-output-dir',
    linkDir,
    '-ir-output-name',
    'wordtree',
  ],
  'linking wordtree.wasm',
);
copyFileSync(join(linkDir, 'wordtree.wasm'), join(dir, 'wordtree.wasm'));
const bytes = readFileSync(join(dir, 'wordtree.wasm'));
const sha = createHash('sha256').update(bytes).digest('hex');
console.log(`WordTree.kt → wordtree.wasm (${bytes.length} bytes, sha256 ${sha})`);
