/**
 * The benchmark programs: their checked-in `.wasm` files (built from the
 * sources in `programs/` by `programs/build.sh`), what each exercises, and
 * the reference size `nRef` at which V8 TurboFan takes roughly 50 ms on the
 * machines this project runs on. Every `run(n)` does work proportional to n.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChecksumType } from './checksum.js';

/** What a program is for: timed execution, or module loading only. */
export type ProgramKind = 'run' | 'load';

/** One benchmark program. */
export interface Program {
  /** Short id, also the file stem: `programs/<id>.wasm`. */
  readonly id: string;
  /** Source file in `programs/`. */
  readonly source: string;
  /** What it exercises. */
  readonly description: string;
  /** The type `run(n)` returns. */
  readonly result: ChecksumType;
  /** n at which V8 TurboFan needs about 50 ms; times are reported at this n. */
  readonly nRef: number;
  /** `run` programs are timed; `load` programs are for decode/compile/instantiate. */
  readonly kind: ProgramKind;
}

/** All programs, in report order. */
export const PROGRAMS: readonly Program[] = [
  {
    id: 'fib',
    source: 'fib.c',
    description: 'recursive calls (naive Fibonacci)',
    result: 'i32',
    nRef: 1200,
    kind: 'run',
  },
  {
    id: 'sieve',
    source: 'sieve.c',
    description: 'integer loops over memory (sieve, C)',
    result: 'i32',
    nRef: 550,
    kind: 'run',
  },
  {
    id: 'sieve-wat',
    source: 'sieve-wat.wat',
    description: 'the same sieve, hand-written WAT',
    result: 'i32',
    nRef: 600,
    kind: 'run',
  },
  {
    id: 'matmul',
    source: 'matmul.c',
    description: 'f64 matrix multiply 40x40',
    result: 'i64',
    nRef: 2500,
    kind: 'run',
  },
  {
    id: 'sha256',
    source: 'sha256.c',
    description: 'SHA-256 of 1 KiB messages',
    result: 'i32',
    nRef: 13000,
    kind: 'run',
  },
  {
    id: 'i64-arith',
    source: 'i64-arith.c',
    description: 'i64 mul/div/rem/rotate/popcnt mix',
    result: 'i64',
    nRef: 8_000_000,
    kind: 'run',
  },
  {
    id: 'i64-hash',
    source: 'i64-hash.c',
    description: 'general i64: PCG, xorshift*, FNV-1a, SipHash, u64 bignum',
    result: 'i64',
    nRef: 60_000,
    kind: 'run',
  },
  {
    id: 'mandelbrot',
    source: 'mandelbrot.c',
    description: 'f64 and f32 escape-time iteration',
    result: 'i64',
    nRef: 750,
    kind: 'run',
  },
  {
    id: 'bulk-memory',
    source: 'bulk-memory.wat',
    description: 'memory.fill / memory.copy',
    result: 'i32',
    nRef: 80_000,
    kind: 'run',
  },
  {
    id: 'dispatch',
    source: 'dispatch.c',
    description: 'call_indirect through handler tables',
    result: 'i32',
    nRef: 50_000,
    kind: 'run',
  },
  {
    id: 'mixed',
    source: 'mixed.c',
    description: 'mixed: list, matrix, state machine, CRC',
    result: 'i32',
    nRef: 20_000,
    kind: 'run',
  },
  {
    id: 'large',
    source: 'gen-large.mjs',
    description: '1.1 MB generated module (2600 functions)',
    result: 'i32',
    nRef: 270,
    kind: 'load',
  },
];

/** The folder holding the `.wasm` files and their sources. */
export const PROGRAMS_DIR: string = fileURLToPath(new URL('../../programs/', import.meta.url));

/**
 * Finds a program by id.
 * @param id the program id
 * @returns the program
 * @throws {RangeError} if there is no such program
 * @example programById('fib').result // 'i32'
 */
export function programById(id: string): Program {
  const found = PROGRAMS.find((p) => p.id === id);
  if (!found) throw new RangeError(`unknown program '${id}' (known: ${PROGRAMS.map((p) => p.id).join(', ')})`);
  return found;
}

/**
 * The absolute path of a program's `.wasm` file.
 * @param program the program
 * @returns the path
 */
export function programPath(program: Program): string {
  return `${PROGRAMS_DIR}${program.id}.wasm`;
}

/**
 * Reads a program's checked-in `.wasm` bytes.
 * @param program the program
 * @returns a fresh, non-shared `Uint8Array`
 */
export function readProgram(program: Program): Uint8Array<ArrayBuffer> {
  const buf = readFileSync(programPath(program));
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  return bytes;
}
