/**
 * Writing a report to disk: `<name>.json`, `<name>.md` and `<name>.svg`.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportToMarkdown } from './markdown.js';
import type { BenchReport } from './report-types.js';
import { reportToSvg } from './svg.js';

/**
 * The JSON form of a report (two-space indentation, trailing newline).
 * @param report the report
 * @returns the JSON text
 */
export function reportToJson(report: BenchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes the three files of a report into a folder (created if missing).
 * @param report the report
 * @param dir the output folder
 * @param name the file stem (default `latest`)
 * @returns the paths written
 */
export function writeReport(
  report: BenchReport,
  dir: string,
  name = 'latest',
): { json: string; markdown: string; svg: string } {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, `${name}.json`), markdown: join(dir, `${name}.md`), svg: join(dir, `${name}.svg`) };
  writeFileSync(paths.json, reportToJson(report));
  writeFileSync(paths.markdown, reportToMarkdown(report));
  writeFileSync(paths.svg, reportToSvg(report));
  return paths;
}
