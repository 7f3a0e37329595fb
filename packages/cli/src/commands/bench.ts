/**
 * `edgedancer bench`: the benchmark harness of `@edgedancer/bench` (engines side by side, Markdown, JSON and
 * SVG reports), with its own options.
 * @module
 */
import { benchMain, USAGE } from '@edgedancer/bench';
import type { CliCommand } from '../command.js';
import type { ExitCode } from '../io.js';

/** The `bench` subcommand. */
export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'run the benchmark programs on Edgedancer and its peers side by side',
  usage: USAGE.replace(/^usage: \S+/m, 'usage: edgedancer bench'),
  async run(argv) {
    return (await benchMain(argv)) as ExitCode;
  },
};
