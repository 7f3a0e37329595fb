/**
 * Runs many script files, each with a fresh engine, and tallies them against the expected-failures list.
 * A file that cannot be read counts as one failed command.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { EngineFactory } from '../engine/engine.js';
import { type ExpectedFailures, type FileTally, tallyFile } from './expected-failures.js';
import { runScript } from './run-script.js';
import { fileKey } from './suite-location.js';

/** One file's report. */
export interface FileReport extends FileTally {
  /** The absolute path. */
  readonly file: string;
  /** The path relative to the suite root (the expected-failures key). */
  readonly key: string;
  /** Wall-clock milliseconds. */
  readonly ms: number;
  /** Round trips (suspensions captured and restored). */
  readonly suspensions: number;
}

/** Totals over a run. */
export interface RunTotals {
  readonly files: number;
  readonly passed: number;
  readonly failed: number;
  readonly expectedFailures: number;
  readonly unexpectedPasses: number;
  readonly messageMismatches: number;
  readonly suspensions: number;
  readonly ms: number;
}

/** What {@link runFiles} needs. */
export interface RunFilesOptions {
  /** Makes a fresh engine per file. */
  readonly engine: EngineFactory;
  readonly expected?: ExpectedFailures;
  /** The suite root, for file keys. */
  readonly suiteRoot?: string;
  /** Called after each file, in order. */
  readonly onFile?: (report: FileReport) => void;
  /** Called before each command of a file: its key, the commands done and the file's total. */
  readonly onCommand?: (key: string, done: number, total: number) => void;
}

/**
 * Runs script files one after the other.
 * @param files - absolute paths
 * @param options - engine, expectations and a progress callback
 * @returns every file's report and the totals
 */
export async function runFiles(
  files: readonly string[],
  options: RunFilesOptions,
): Promise<{ files: FileReport[]; totals: RunTotals }> {
  const reports: FileReport[] = [];
  const started = performance.now();
  for (const file of files) {
    const key = fileKey(file, options.suiteRoot);
    const t0 = performance.now();
    let outcome;
    try {
      const onCommand = options.onCommand;
      outcome = await runScript(
        await readFile(file, 'utf8'),
        options.engine(),
        onCommand === undefined ? undefined : (done, total) => onCommand(key, done, total),
      );
    } catch (e) {
      const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      outcome = { outcomes: [{ line: 1, command: 'script', passed: false, detail }], suspensions: 0 };
    }
    const tally = tallyFile(outcome.outcomes, options.expected?.get(key));
    const report: FileReport = { file, key, ms: performance.now() - t0, suspensions: outcome.suspensions, ...tally };
    reports.push(report);
    options.onFile?.(report);
  }
  const sum = (f: (r: FileReport) => number): number => reports.reduce((n, r) => n + f(r), 0);
  const totals: RunTotals = {
    files: reports.length,
    passed: sum((r) => r.passed),
    failed: sum((r) => r.failed),
    expectedFailures: sum((r) => r.expectedFailures),
    unexpectedPasses: sum((r) => r.unexpectedPasses),
    messageMismatches: sum((r) => r.messageMismatches),
    suspensions: sum((r) => r.suspensions),
    ms: performance.now() - started,
  };
  return { files: reports, totals };
}
