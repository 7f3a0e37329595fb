/**
 * The oracle: a program run on Node's own `node:wasi` and `WebAssembly`, with a temporary directory preopened as
 * `/sandbox` and the standard streams redirected to temporary files.
 * @module
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { WASI as WasiClass } from 'node:wasi';
import { type Outcome, treeOfDirectory } from './outcome.js';
import { type ProgramCase, programBytes } from './program-cases.js';

/** The part of Node's `WebAssembly` the oracle uses (the package is typed without the DOM library). */
interface NodeWasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}

const nodeWasm = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;

let WASI: typeof WasiClass | undefined;

/** Loads `node:wasi` once, keeping its experimental-feature warning out of the test output (others pass). */
async function loadWasi(): Promise<typeof WasiClass> {
  if (WASI === undefined) {
    const listeners = process.listeners('warning');
    process.removeAllListeners('warning');
    process.on('warning', (w) => {
      if (w.name === 'ExperimentalWarning' && w.message.includes('WASI')) return;
      for (const l of listeners) l(w);
    });
    ({ WASI } = await import('node:wasi'));
  }
  return WASI!;
}

/** Makes a temporary directory holding `files`. */
export function makeSandbox(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgedancer-wasi-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs a program case on Node's WASI. */
export async function runOnNode(c: ProgramCase): Promise<Outcome> {
  const Wasi = await loadWasi();
  const sandbox = makeSandbox(c.files);
  const io = mkdtempSync(join(tmpdir(), 'edgedancer-wasi-io-'));
  try {
    writeFileSync(join(io, 'stdin'), c.stdin);
    const stdin = openSync(join(io, 'stdin'), 'r');
    const stdout = openSync(join(io, 'stdout'), 'w');
    const stderr = openSync(join(io, 'stderr'), 'w');
    let exitCode: number;
    try {
      const wasi = new Wasi({
        version: 'preview1',
        args: [...c.args],
        env: { ...c.env },
        preopens: { '/sandbox': sandbox },
        stdin,
        stdout,
        stderr,
        returnOnExit: true,
      });
      const module = new nodeWasm.Module(programBytes(c.wasm));
      const instance = new nodeWasm.Instance(module, wasi.getImportObject() as object);
      exitCode = wasi.start(instance);
    } finally {
      closeSync(stdin);
      closeSync(stdout);
      closeSync(stderr);
    }
    return {
      exitCode,
      stdout: readFileSync(join(io, 'stdout'), 'utf8'),
      stderr: readFileSync(join(io, 'stderr'), 'utf8'),
      tree: treeOfDirectory(sandbox),
    };
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
    rmSync(io, { recursive: true, force: true });
  }
}
