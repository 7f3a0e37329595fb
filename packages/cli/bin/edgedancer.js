#!/usr/bin/env node
/**
 * The `edgedancer` executable as npm links it. It is checked in (npm links a workspace's bin only if the file
 * exists at install time, before anything is built) and only starts the compiled command line, saying so in
 * one line when the package has not been built yet. It starts the bundled command (`dist/bundle/main.js`, made
 * by scripts/bundle-cli.mjs: a few files instead of dozens of modules, for a faster start) when it is there and
 * none of the files it was made from changed since (a `tsc -b` after the last bundle), else `dist/src/main.js`;
 * `EDGEDANCER_NO_BUNDLE=1` forces the latter.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';

const entry = new URL('../dist/src/main.js', import.meta.url);
const bundle = new URL('../dist/bundle/main.js', import.meta.url);

/**
 * Whether the bundle is there and was made after the last `tsc -b` of every package in it (their build-info
 * files, listed in inputs.json; a missing one, as in an installed package, cannot be newer).
 */
function bundleFresh() {
  if (process.env.EDGEDANCER_NO_BUNDLE === '1') return false;
  try {
    const { builtAt, watch } = JSON.parse(readFileSync(new URL('../dist/bundle/inputs.json', import.meta.url), 'utf8'));
    if (typeof builtAt !== 'number' || !Array.isArray(watch)) return false;
    for (const input of watch) {
      const s = statSync(new URL(input, bundle), { throwIfNoEntry: false });
      if (s !== undefined && s.mtimeMs > builtAt) return false;
    }
    return existsSync(bundle);
  } catch {
    return false;
  }
}

if (bundleFresh()) await import(bundle.href);
else if (existsSync(entry)) await import(entry.href);
else {
  process.stderr.write('edgedancer: not built yet: run `npm run build` (or `npm start`) in the repository first\n');
  process.exit(1);
}
