/**
 * `edgedancer run FILE.wasm|FILE.wat --invoke NAME [ARG…]`: instantiates a module that needs no imports, calls
 * one exported function with arguments read by its parameter types, and prints the results one per line.
 * `--fuel N` bounds the run (exit status 2 when it runs out); `--roundtrip N` runs in slices of N
 * instructions with the whole state captured, cloned and restored into a fresh store between slices.
 * Without `--invoke`, a WASI command runs as a program (`run-wasi.ts`), with the same two options and
 * `--snapshot-on-interrupt FILE`.
 * @module
 */

import type { HostResolver, WasmValue } from '@edgedancer/interpreter';
import { runFunction } from '@edgedancer/spec-tests/round-trip';
import { parseArgs, positiveIntOption, stringOption, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode, errorLine, type Io } from '../io.js';
import { formatResult } from '../run/format-result.js';
import { parseArgValue } from '../run/parse-arg.js';
import { readModuleBytes } from '../run/read-module.js';

const USAGE = `usage: edgedancer run FILE.wasm|FILE.wat --invoke NAME [ARG…] [--fuel N] [--roundtrip N]
       edgedancer run PROGRAM.wasm|PROGRAM.wat [--dir HOST::GUEST]… [--env KEY=VALUE]…
                      [--fuel N] [--roundtrip N] [--snapshot-on-interrupt FILE] [-- ARG…]

Instantiates FILE (binary, or text converted on the fly; it must need no imports), calls the
exported function NAME and prints its results, one per line.

A WASI command (a module importing wasi_snapshot_preview1 or exporting _start, run without
--invoke) runs as a program: ARGs become its arguments, --dir preopens a host directory at a
guest path, --env sets its environment; its exit code is the exit status.

  ARG            one per parameter: integers in decimal or 0x hex (i64 too), floats as
                 1.5, -0, 0x1p-3, inf, -inf, nan, nan:0x200000; references: null
  --fuel N       stop after N instructions: message on stderr, exit status 2
  --tier T       interp (default), js (functions translated to JavaScript from their first
                 call) or auto (hot functions translated); results and suspensions are the same
  --roundtrip N  run N instructions at a time; between slices capture the whole state,
                 encode it, decode it and restore it into a fresh store (and WASI host)
  --snapshot-on-interrupt FILE
                 (WASI programs) on Ctrl-C or when --fuel runs out, save the running
                 program, module and WASI state included, to FILE and stop; continue it,
                 here or on another machine, with 'edgedancer resume FILE'

Exit status: 0 done (a WASI program: its exit code), 1 the module does not load or the call
traps, 2 out of fuel, 64 usage, 130 interrupted.`;

const SPECS = [
  { name: 'invoke', value: true },
  { name: 'dir', value: true, repeat: true },
  { name: 'env', value: true, repeat: true },
  { name: 'fuel', value: true },
  { name: 'tier', value: true },
  { name: 'roundtrip', value: true },
  { name: 'snapshot-on-interrupt', value: true },
] as const;

const noHostFunctions: HostResolver = (name) => {
  throw new Error(`no host function ${name}`);
};

/** The `run` command. */
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run an exported function',
  usage: USAGE,
  async run(argv: readonly string[], io: Io): Promise<ExitCode> {
    const args = parseArgs(argv, SPECS);
    const [file, ...rawArgs] = args.positionals;
    const name = stringOption(args, 'invoke');
    if (file === undefined) throw new UsageError('missing FILE.wasm');
    const fuel = positiveIntOption(args, 'fuel');
    const roundtrip = positiveIntOption(args, 'roundtrip');
    const snapshotFile = stringOption(args, 'snapshot-on-interrupt');
    const tier = stringOption(args, 'tier') ?? 'interp';
    if (tier !== 'interp' && tier !== 'js' && tier !== 'auto')
      throw new UsageError(`--tier is interp, js or auto, got ${tier}`);
    const fail = (message: string): ExitCode => {
      io.err(`edgedancer run: ${message}`);
      return ExitCode.Failure;
    };

    let bytes: Uint8Array;
    try {
      bytes = await readModuleBytes(file);
    } catch (e) {
      return fail(
        (e as { code?: unknown }).code === 'wat-syntax' ? errorLine(e) : `cannot read ${file}: ${errorLine(e)}`,
      );
    }
    const interp = await import('@edgedancer/interpreter');
    let module;
    try {
      module = new interp.Module(bytes);
    } catch (e) {
      return fail(`${file}: ${errorLine(e)}`);
    }
    const imports = interp.Module.imports(module);
    if (name === undefined) {
      const { isWasiCommand, runWasi } = await import('../run/run-wasi.js');
      if (!isWasiCommand(imports, interp.Module.exports(module))) {
        throw new UsageError('missing --invoke NAME (the module is not a WASI command)');
      }
      try {
        return (await runWasi(
          bytes,
          module,
          {
            args: [file, ...rawArgs],
            env: args.options.get('env') ?? [],
            dirs: args.options.get('dir') ?? [],
            ...(fuel === undefined ? {} : { fuel }),
            ...(roundtrip === undefined ? {} : { roundtrip }),
            ...(snapshotFile === undefined ? {} : { snapshotFile }),
            tier,
          },
          io,
        )) as ExitCode;
      } catch (e) {
        if (e instanceof UsageError) throw e;
        return fail(`${file}: ${errorLine(e)}`);
      }
    }
    if (snapshotFile !== undefined)
      throw new UsageError('--snapshot-on-interrupt is for WASI programs (run without --invoke)');
    if (imports.length > 0) {
      const list = imports.map((i) => `${i.module}.${i.name}`).join(', ');
      return fail(`${file} imports ${list}; run provides no imports`);
    }
    const store = new interp.Store({ tier });
    let instance: number;
    try {
      instance = store.instantiate(module, []);
    } catch (e) {
      return fail(`${file}: instantiation failed: ${errorLine(e)}`);
    }
    const func = store.exportOf(instance, name);
    if (func?.kind !== 'func') {
      const funcs = store
        .exportsOf(instance)
        .filter((e) => e.extern.kind === 'func')
        .map((e) => e.name);
      return fail(`no exported function "${name}" (exported functions: ${funcs.join(', ') || 'none'})`);
    }
    const params = store.funcType(func.addr).params.map(interp.valTypeName);
    if (rawArgs.length !== params.length) {
      throw new UsageError(`${name} takes ${params.length} argument(s) (${params.join(' ')}), got ${rawArgs.length}`);
    }
    let values: WasmValue[];
    try {
      values = rawArgs.map((text, i) => parseArgValue(text, params[i]!));
    } catch (e) {
      throw new UsageError(errorLine(e));
    }

    let outcome;
    try {
      outcome = runFunction(interp, store, func.addr, values, {
        ...(fuel === undefined ? {} : { fuel }),
        ...(roundtrip === undefined ? {} : { roundtrip }),
        resolveHost: noHostFunctions,
        storeOptions: { tier },
      });
    } catch (e) {
      return fail(`internal error: ${errorLine(e)}`);
    }
    if (roundtrip !== undefined) io.err(`${outcome.suspensions} round trips`);
    const result = outcome.result;
    switch (result.status) {
      case 'done':
        for (const v of result.results) io.out(formatResult(v));
        return ExitCode.Ok;
      case 'trapped':
        return fail(`trap: ${result.error.message}`);
      case 'suspended':
        if (result.reason === 'fuel') {
          io.err(`edgedancer run: out of fuel after ${fuel ?? 0} instructions`);
          return ExitCode.OutOfFuel;
        }
        return fail(`execution suspended (${result.reason})`);
    }
  },
};
