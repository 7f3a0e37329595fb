#!/usr/bin/env node
/**
 * The `edgedancer` executable as npm links it. It is checked in (npm links a workspace's bin only if the file
 * exists at install time, before anything is built) and only starts the compiled command line, saying so in
 * one line when the package has not been built yet.
 * @module
 */
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('edgedancer: not built yet: run `npm run build` (or `npm start`) in the repository first\n');
  process.exit(1);
}
await import(entry.href);
