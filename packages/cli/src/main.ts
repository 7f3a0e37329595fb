#!/usr/bin/env node
/**
 * The `edgedancer` executable (ESM entry): runs the command line and sets the exit status (`process-main.ts`).
 * @module
 */
import { runProcess } from './process-main.js';

await runProcess(process.argv.slice(2));
