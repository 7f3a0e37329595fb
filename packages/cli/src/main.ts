#!/usr/bin/env node
/**
 * The `edgedancer` executable: runs the command line and sets the exit status.
 * @module
 */
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
