// Builds the WASI example agents from source with Debian's toolchains:
//   notes-c/notes.c            clang + lld + wasi-libc + compiler-rt's wasm32 builtins
//                              (apt-get install clang lld wasi-libc libclang-rt-dev-wasm32)
//   wordcount-rust/wordcount.rs  Debian's rustc with its wasm32-wasi std (apt-get install rustc libstd-rust-dev-wasm32)
// into OUT_DIR (default: examples/agents/out, not checked in). A missing toolchain fails with a message naming the
// Debian package; nothing is skipped. The Rust compiler is $RUSTC, else /usr/bin/rustc, else `rustc` on PATH, and
// must have the wasm32-wasi std (a rustup toolchain without that target is refused with a message).
//
// Usage: node examples/agents/build.mjs [OUT_DIR]      prints one line per agent built
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'out'));
mkdirSync(out, { recursive: true });

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(1);
}

function run(tool, args, hint) {
  try {
    execFileSync(tool, args, { cwd: here, stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') fail(`${tool} not found (${hint})`);
    const stderr = e.stderr?.toString() ?? '';
    if (stderr.includes('libclang_rt.builtins-wasm32'))
      fail(`compiler-rt's wasm32 builtins are missing (apt-get install libclang-rt-dev-wasm32)\n${stderr}`);
    if (/can't find crate for `(std|core)`|could not find specification for target/.test(stderr))
      fail(
        `${tool} has no wasm32-wasi standard library (apt-get install libstd-rust-dev-wasm32, or set RUSTC)\n${stderr}`,
      );
    fail(`${tool} failed (${hint})\n${stderr}`);
  }
}

function rustc() {
  if (process.env.RUSTC) return process.env.RUSTC;
  return existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc';
}

const CC = process.env.CC ?? 'clang';
const notes = join(out, 'notes.wasm');
run(
  CC,
  [
    '--target=wasm32-wasi',
    `--sysroot=${process.env.WASI_SYSROOT ?? '/usr'}`,
    '-mexec-model=reactor',
    '-O2',
    '-Wall',
    '-Wextra',
    '-Werror',
    '-I',
    '../kv-c',
    '-Wl,--strip-all',
    '-o',
    notes,
    'notes-c/notes.c',
  ],
  'apt-get install clang lld wasi-libc libclang-rt-dev-wasm32',
);
console.log(`built ${notes} (${statSync(notes).size} bytes)`);

const wordcount = join(out, 'wordcount.wasm');
run(
  rustc(),
  [
    '--edition',
    '2021',
    '--target',
    'wasm32-wasi',
    '--crate-type',
    'cdylib',
    '-C',
    'opt-level=2',
    '-C',
    'strip=symbols',
    '-o',
    wordcount,
    'wordcount-rust/wordcount.rs',
  ],
  'apt-get install rustc libstd-rust-dev-wasm32',
);
console.log(`built ${wordcount} (${statSync(wordcount).size} bytes)`);
