#!/usr/bin/env node
/**
 * The `edgedancer` executable: runs the command line and sets the exit status. An error nobody handled (a
 * server's `listen` failing with `EADDRINUSE`, say) is printed as one line, its code once, and exits with 1.
 * @module
 */
import { main, reportFailure } from './cli.js';
import { ExitCode, processIo } from './io.js';

const command =
  process.argv[2] !== undefined && !process.argv[2].startsWith('-') ? `edgedancer ${process.argv[2]}` : 'edgedancer';
const fail = (e: unknown): void => {
  reportFailure(command, e, processIo);
  process.exit(ExitCode.Failure);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

// A closed pipe (`edgedancer wast … | head`) ends the output quietly instead of crashing on EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
