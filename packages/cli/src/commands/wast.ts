/**
 * `edgedancer wast`: runs `.wast` scripts and reports one line per file, then `N passed, N failed`
 * (commands). Exit status 1 on any failure, including an unexpected pass of a listed expected failure.
 * Progress within a file goes to standard error (`wast-progress.ts`). With `--roundtrip` the call depth
 * defaults to `ROUNDTRIP_MAX_CALL_DEPTH`: every round trip captures the whole frame stack, so recursion to the
 * interpreter's own limit would be captured at full depth after every instruction.
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  createEngineFactory,
  expandPaths,
  type FileReport,
  fileKey,
  findSuiteRoot,
  loadExpectedFailures,
  type RunTotals,
  runFiles,
  suiteRootCandidates,
  wastFilesIn,
} from '@edgedancer/spec-tests';
import { flag, type ParsedArgs, parseArgs, positiveIntOption, stringOption, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode, type Io } from '../io.js';
import { WastProgress } from '../wast/wast-progress.js';

/**
 * The call depth of `--roundtrip` runs unless `--max-call-depth` says otherwise: deep enough for every
 * recursion the suite's scripts make (mutual recursion 200 deep in call_indirect.wast), shallow enough that the
 * exhaustion tests, captured at every depth, stay cheap (measured in the CLI README).
 */
export const ROUNDTRIP_MAX_CALL_DEPTH = 500;

/** Seconds between progress lines when standard error is not a terminal. */
const PROGRESS_INTERVAL_S = 10;

const USAGE = `usage: edgedancer wast <file-or-dir>… [--suite NAME]… [options]

Runs WebAssembly spec scripts. A directory stands for its top-level *.wast files.

  --suite NAME        a folder of the suite root, e.g. wasm-2.0 (top level only: simd/ is
                      wasm-2.0/simd), or one script in it (wasm-2.0/i32.wast); the root is $WASM_TESTSUITE, else spec-tests/testsuite/,
                      else ../shared/wasm-testsuite beside the repository
  --skip FILE         leave out a script, by file name (memory_grow.wast) or suite key
                      (wasm-2.0/memory_grow.wast); repeatable
  --roundtrip N       run every invocation with N fuel; at each suspension capture, clone and
                      restore the state into a fresh store, then continue
  --roundtrip-memory transfer|move
                      how memories cross a round trip: transferred inside the clone (default;
                      stale uses of old memories throw) or moved by reference (much faster with
                      large memories)
  --max-call-depth N  trap with "call stack exhausted" at this call depth (default: the
                      interpreter's, 20000; with --roundtrip ${ROUNDTRIP_MAX_CALL_DEPTH}, as every round trip
                      captures the whole stack)
  --progress S        progress within a file on stderr: a status line on a terminal, else a
                      line every S seconds (default ${PROGRESS_INTERVAL_S}; 0: none)
  --tier T            interp (default), js (translate every function to JavaScript from its
                      first call) or auto (translate hot functions); edgedancer only
  --engine NAME       edgedancer (default) or v8 (Node's own WebAssembly, to check the runner)
  --expect FILE       expected failures: JSON mapping file → [line, …] or "*"
  --json FILE         write per-file counts as JSON
  --strict-messages   count error messages lacking the spec's text as failures
  --verbose           print every failure and message mismatch (default: the first 5 a file)`;

const SPECS = [
  { name: 'suite', value: true, repeat: true },
  { name: 'skip', value: true, repeat: true },
  { name: 'roundtrip', value: true },
  { name: 'max-call-depth', value: true },
  { name: 'roundtrip-memory', value: true },
  { name: 'engine', value: true },
  { name: 'tier', value: true },
  { name: 'expect', value: true },
  { name: 'json', value: true },
  { name: 'strict-messages', value: false },
  { name: 'verbose', value: false },
  { name: 'progress', value: true },
] as const;

const SHOWN_FAILURES = 5;

/** The `wast` command. */
export const wastCommand: CliCommand = {
  name: 'wast',
  summary: 'run .wast spec scripts',
  usage: USAGE,
  async run(argv: readonly string[], io: Io): Promise<ExitCode> {
    const args = parseArgs(argv, SPECS);
    const roundtrip = positiveIntOption(args, 'roundtrip');
    const engineName = stringOption(args, 'engine') ?? 'edgedancer';
    const maxCallDepth =
      positiveIntOption(args, 'max-call-depth') ??
      (roundtrip !== undefined && engineName === 'edgedancer' ? ROUNDTRIP_MAX_CALL_DEPTH : undefined);
    const progressText = stringOption(args, 'progress');
    const progressSeconds = progressText === undefined ? PROGRESS_INTERVAL_S : Number(progressText);
    if (!(progressSeconds >= 0) || progressText === '')
      throw new UsageError(`--progress needs seconds (0: none), got ${progressText}`);
    const roundtripMemory = stringOption(args, 'roundtrip-memory');
    if (roundtripMemory !== undefined && roundtripMemory !== 'transfer' && roundtripMemory !== 'move') {
      throw new UsageError(`--roundtrip-memory is transfer or move, got ${roundtripMemory}`);
    }
    const tier = stringOption(args, 'tier');
    if (tier !== undefined && tier !== 'interp' && tier !== 'js' && tier !== 'auto') {
      throw new UsageError(`--tier is interp, js or auto, got ${tier}`);
    }
    const verbose = flag(args, 'verbose');
    const strict = flag(args, 'strict-messages');
    const suiteRoot = findSuiteRoot();
    const skip = new Set(args.options.get('skip') ?? []);
    const files = [...expandPaths(args.positionals), ...suiteFiles(args, suiteRoot)].filter(
      (f) => !skip.has(basename(f)) && !skip.has(fileKey(f, suiteRoot)),
    );
    if (files.length === 0) throw new UsageError('no scripts: give files, directories or --suite');
    const expectPath = stringOption(args, 'expect');
    const expected = expectPath === undefined ? undefined : loadExpectedFailures(expectPath);
    const progress =
      progressSeconds === 0
        ? undefined
        : new WastProgress({
            tty: process.stderr.isTTY === true,
            write: (text) => process.stderr.write(text),
            intervalMs: progressSeconds * 1000,
          });
    let engine;
    try {
      engine = await createEngineFactory(engineName, {
        ...(roundtrip === undefined ? {} : { roundtrip }),
        ...(maxCallDepth === undefined ? {} : { maxCallDepth }),
        ...(roundtripMemory === undefined ? {} : { roundtripMemory }),
        ...(tier === undefined ? {} : { tier }),
      });
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
    const { files: reports, totals } = await runFiles(files, {
      engine,
      ...(expected === undefined ? {} : { expected }),
      ...(suiteRoot === undefined ? {} : { suiteRoot }),
      onFile: (r) => {
        progress?.clear();
        printFile(io, r, verbose);
      },
      ...(progress === undefined
        ? {}
        : { onCommand: (key: string, done: number, total: number) => progress.onCommand(key, done, total) }),
    });
    progress?.clear();
    printTotals(io, totals, roundtrip !== undefined);
    const jsonPath = stringOption(args, 'json');
    if (jsonPath !== undefined) writeJson(jsonPath, engineName, roundtrip, reports, totals);
    const failed = totals.failed + (strict ? totals.messageMismatches : 0);
    return failed > 0 ? ExitCode.Failure : ExitCode.Ok;
  },
};

function suiteFiles(args: ParsedArgs, root: string | undefined): string[] {
  const names = args.options.get('suite') ?? [];
  if (names.length === 0) return [];
  if (root === undefined) {
    throw new UsageError(`no suite found; looked in ${suiteRootCandidates().join(', ')}`);
  }
  return names.flatMap((name) => {
    const path = resolve(root, name);
    if (name.endsWith('.wast') && existsSync(path)) return [path];
    try {
      return wastFilesIn(path);
    } catch {
      throw new UsageError(`no suite ${name} in ${root}`);
    }
  });
}

function printFile(io: Io, r: FileReport, verbose: boolean): void {
  const extras = [
    r.expectedFailures > 0 ? `${r.expectedFailures} expected failures` : '',
    r.unexpectedPasses > 0 ? `${r.unexpectedPasses} unexpected passes` : '',
    r.messageMismatches > 0 ? `${r.messageMismatches} message mismatches` : '',
    r.suspensions > 0 ? `${r.suspensions} round trips` : '',
  ].filter((s) => s !== '');
  const more = extras.length > 0 ? `, ${extras.join(', ')}` : '';
  io.out(`${r.key}: ${r.passed} passed, ${r.failed} failed${more} (${Math.round(r.ms)} ms)`);
  const shown = verbose ? r.failures : r.failures.slice(0, SHOWN_FAILURES);
  for (const f of shown) io.out(`  line ${f.line} ${f.command}: ${f.detail}`);
  if (shown.length < r.failures.length) io.out(`  … ${r.failures.length - shown.length} more (--verbose)`);
  if (verbose) for (const m of r.mismatches) io.out(`  line ${m.line} ${m.command}: message mismatch: ${m.detail}`);
}

function printTotals(io: Io, t: RunTotals, roundtrip: boolean): void {
  const notes = [
    `${t.files} files`,
    `${(t.ms / 1000).toFixed(1)} s`,
    `${t.expectedFailures} expected failures`,
    `${t.unexpectedPasses} unexpected passes`,
    `${t.messageMismatches} message mismatches`,
    ...(roundtrip ? [`${t.suspensions} round trips`] : []),
  ];
  io.out(notes.join(', '));
  io.out(`${t.passed} passed, ${t.failed} failed`);
}

function writeJson(
  path: string,
  engine: string,
  roundtrip: number | undefined,
  reports: readonly FileReport[],
  totals: RunTotals,
): void {
  const files = reports.map((r) => ({
    file: r.key,
    passed: r.passed,
    failed: r.failed,
    expectedFailures: r.expectedFailures,
    unexpectedPasses: r.unexpectedPasses,
    messageMismatches: r.messageMismatches,
    suspensions: r.suspensions,
    ms: Math.round(r.ms),
    failures: r.failures,
    mismatches: r.mismatches,
  }));
  const doc = { engine, roundtrip: roundtrip ?? null, totals: { ...totals, ms: Math.round(totals.ms) }, files };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
}
