/**
 * `edgedancer demo` (placeholder until the demo lands).
 * @module
 */
import type { CliCommand } from '../command.js';
import { ExitCode } from '../io.js';

/** The `demo` subcommand. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'three edge nodes on loopback, an agent following its user, a timeline',
  usage: 'usage: edgedancer demo [--json]',
  async run(_argv, io) {
    io.err('not yet');
    return ExitCode.Failure;
  },
};
