/**
 * Keeping the package README's results section current: the run table of a
 * report replaces whatever stands between the results markers.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runTable } from './markdown.js';
import type { BenchReport } from './report-types.js';

/** Marks the start of the generated section. */
export const RESULTS_START = '<!-- results:start -->';
/** Marks its end. */
export const RESULTS_END = '<!-- results:end -->';

/**
 * Replaces the text between the markers with the report's run table and a line
 * saying where and when it was measured.
 * @param text the README text
 * @param report the report
 * @returns the new README text
 * @throws {RangeError} if the markers are missing or out of order
 */
export function replaceResults(text: string, report: BenchReport): string {
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start < 0 || end < start) throw new RangeError(`README needs ${RESULTS_START} … ${RESULTS_END}`);
  const env = report.environment;
  const body = [
    `${report.mode} run of ${report.createdAt.slice(0, 10)}, Node ${env.node}, ${env.cpu}, ${env.cores} cores:`,
    '',
    ...runTable(report),
  ].join('\n');
  return `${text.slice(0, start + RESULTS_START.length)}\n${body}\n${text.slice(end)}`;
}

/**
 * Rewrites a README file's results section in place.
 * @param path the README path
 * @param report the report
 */
export function updateReadme(path: string, report: BenchReport): void {
  writeFileSync(path, replaceResults(readFileSync(path, 'utf8'), report));
}
