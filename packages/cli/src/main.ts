#!/usr/bin/env node
/**
 * The `edgedancer` executable: runs the command line and sets the exit status.
 * @module
 */
import { main } from './cli.js';

// A closed pipe (`edgedancer wast … | head`) ends the output quietly instead of crashing on EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
