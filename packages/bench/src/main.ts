#!/usr/bin/env node
/**
 * `node dist/src/main.js [options]`: the script behind `npm run bench`.
 * @module
 */
import { benchMain } from './cli.js';

process.exitCode = await benchMain(process.argv.slice(2));
