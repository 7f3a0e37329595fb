/**
 * Reference checksums: what V8 in the harness process itself computes for a
 * program at a given n. Every engine's result is compared with these before
 * its time counts.
 * @module
 */
import { checksumToString } from './checksum.js';
import { hostWebAssembly } from './host-wasm.js';
import { type Program, readProgram } from './programs.js';

/** Computes and caches V8's checksums, one instance per program. */
export class ReferenceChecksums {
  private readonly runs = new Map<string, (n: number) => unknown>();
  private readonly cache = new Map<string, string>();

  /**
   * V8's checksum of `run(n)`.
   * @param program the program
   * @param n its argument
   * @returns the canonical checksum string
   */
  get(program: Program, n: number): string {
    const key = `${program.id}:${n}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let run = this.runs.get(program.id);
    if (!run) {
      const instance = new hostWebAssembly.Instance(new hostWebAssembly.Module(readProgram(program)), {});
      run = instance.exports['run'] as (n: number) => unknown;
      this.runs.set(program.id, run);
    }
    const value = checksumToString(run(n), program.result);
    this.cache.set(key, value);
    return value;
  }
}
