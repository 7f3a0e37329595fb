/**
 * The expected-failures list: which commands may fail because a feature is not built yet. It maps a script's
 * key (its path relative to the suite root, `wasm-2.0/f32.wast`) to the line numbers of its commands, or
 * to `"*"` for the whole file. A listed command that passes is an unexpected pass and counts as a failure,
 * so the list can only shrink.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { CommandOutcome } from './outcome.js';

/** Lines expected to fail in one file, or `'*'` for all of it. */
export type ExpectedLines = '*' | ReadonlySet<number>;

/** The whole list, by file key. */
export type ExpectedFailures = ReadonlyMap<string, ExpectedLines>;

/** A failure to report. */
export interface ReportedFailure {
  readonly line: number;
  readonly command: string;
  readonly detail: string;
}

/** The counts of one file after applying its expectations. */
export interface FileTally {
  readonly passed: number;
  /** Failures not expected, plus unexpected passes. */
  readonly failed: number;
  readonly expectedFailures: number;
  readonly unexpectedPasses: number;
  readonly messageMismatches: number;
  readonly failures: readonly ReportedFailure[];
  readonly mismatches: readonly ReportedFailure[];
}

/**
 * Validates the parsed JSON of an expected-failures file.
 * @param json - the parsed file: an object of `file → number[] | "*"`
 * @returns the list as a map
 * @throws TypeError when the shape is wrong
 * @example parseExpectedFailures({ 'wasm-2.0/f32.wast': [12, 40], 'wasm-2.0/simd_x.wast': '*' })
 */
export function parseExpectedFailures(json: unknown): ExpectedFailures {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError('expected failures: an object mapping file → line numbers or "*"');
  }
  const map = new Map<string, ExpectedLines>();
  for (const [file, lines] of Object.entries(json)) {
    if (lines === '*') map.set(file, '*');
    else if (Array.isArray(lines) && lines.every((l) => Number.isInteger(l) && l > 0)) {
      map.set(file, new Set(lines as number[]));
    } else throw new TypeError(`expected failures: ${file} needs a list of line numbers or "*"`);
  }
  return map;
}

/**
 * Reads and validates an expected-failures file.
 * @param path - a JSON file
 * @returns the list
 * @throws TypeError on a bad shape; the file system's or JSON's error otherwise
 */
export function loadExpectedFailures(path: string): ExpectedFailures {
  return parseExpectedFailures(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * Counts one file's outcomes against its expectations.
 * @param outcomes - the file's command outcomes
 * @param expected - the file's expected failures, if listed
 * @returns the tally; unexpected passes are listed among the failures
 */
export function tallyFile(outcomes: readonly CommandOutcome[], expected: ExpectedLines | undefined): FileTally {
  let passed = 0;
  let failed = 0;
  let expectedFailures = 0;
  let unexpectedPasses = 0;
  const failures: ReportedFailure[] = [];
  const mismatches: ReportedFailure[] = [];
  const failedLines = new Set<number>();
  for (const o of outcomes) {
    const listed = expected === '*' || (expected?.has(o.line) ?? false);
    if (listed && o.passed && o.messageMismatch !== undefined) {
      // Listed because its message is known to differ (a 2.0 expectation that 3.0 superseded): expected.
      failedLines.add(o.line);
      expectedFailures++;
      continue;
    }
    if (o.messageMismatch !== undefined) {
      const { expected: want, actual } = o.messageMismatch;
      mismatches.push({ line: o.line, command: o.command, detail: `expected "${want}", got "${actual}"` });
    }
    if (o.passed) {
      passed++;
      continue;
    }
    failedLines.add(o.line);
    if (listed) expectedFailures++;
    else {
      failed++;
      failures.push({ line: o.line, command: o.command, detail: o.detail ?? 'failed' });
    }
  }
  if (expected === '*' && failedLines.size === 0) {
    unexpectedPasses++;
    failures.push({ line: 0, command: '*', detail: 'unexpected pass: the whole file passes but is listed as "*"' });
  } else if (expected !== undefined && expected !== '*') {
    for (const line of [...expected].sort((a, b) => a - b)) {
      if (failedLines.has(line)) continue;
      unexpectedPasses++;
      failures.push({ line, command: '?', detail: 'unexpected pass: listed in the expected failures' });
    }
  }
  return {
    passed,
    failed: failed + unexpectedPasses,
    expectedFailures,
    unexpectedPasses,
    messageMismatches: mismatches.length,
    failures,
    mismatches,
  };
}
