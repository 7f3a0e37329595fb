#!/usr/bin/env node
/**
 * The `edgedancer` executable as npm links it. It is checked in (npm links a workspace's bin only if the file
 * exists at install time, before anything is built) and only starts the compiled command line, saying so in
 * one line when the package has not been built yet. It is CommonJS, so that a quick command starts without
 * Node's ESM loader.
 *
 * When the bundle (`dist/bundle`, made by scripts/bundle-cli.mjs) is there and none of the files it was made
 * from changed since (a `tsc -b` after the last bundle), the commands named in its inputs.json (`run`, `resume`)
 * run from `dist/bundle/quick-start.cjs`, compiled with a V8 code cache kept beside it
 * (`quick-start.cjs.<V8 version>-<arch>.v8cache`, written when missing or refused by V8, if the directory is
 * writable); the others from `dist/bundle/main.js`. Otherwise `dist/src/main.js`; `EDGEDANCER_NO_BUNDLE=1`
 * forces the latter. `NODE_DEBUG=edgedancer` says on stderr which was started and whether V8 took the cache.
 * @module
 */
'use strict';
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');
const entry = join(__dirname, '..', 'dist', 'src', 'main.js');
const debug = /\bedgedancer\b/i.test(process.env.NODE_DEBUG ?? '');
const say = (line) => {
  if (debug) process.stderr.write(`EDGEDANCER ${process.pid}: ${line}\n`);
};

/**
 * The bundle's inputs.json when the bundle is there and was made after the last `tsc -b` of every package in
 * it (their build-info files; a missing one, as in an installed package, cannot be newer); else undefined.
 */
function freshBundle() {
  if (process.env.EDGEDANCER_NO_BUNDLE === '1') return undefined;
  try {
    const inputs = JSON.parse(readFileSync(join(bundleDir, 'inputs.json'), 'utf8'));
    const { builtAt, watch } = inputs;
    if (typeof builtAt !== 'number' || !Array.isArray(watch)) return undefined;
    for (const input of watch) {
      const s = statSync(resolve(bundleDir, input), { throwIfNoEntry: false });
      if (s !== undefined && s.mtimeMs > builtAt) return undefined;
    }
    return existsSync(join(bundleDir, 'main.js')) ? inputs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the quick script with its code cache, and writes the cache at exit when V8 had none it could use.
 * @param {string} file - the script
 * @param {readonly string[]} argv - the command line
 */
function runQuick(file, argv) {
  const vm = require('node:vm');
  const { createRequire } = require('node:module');
  const cacheFile = `${file}.${process.versions.v8}-${process.arch}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  // the script is a function expression (exports, require, module, __filename, __dirname, __impt)
  const script = new vm.Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  const taken = cachedData !== undefined && !script.cachedDataRejected;
  say(`${file}, code cache ${cachedData === undefined ? 'absent' : taken ? 'taken' : 'refused'}`);
  if (!taken) {
    process.once('exit', () => {
      try {
        const part = `${cacheFile}.${process.pid}`;
        writeFileSync(part, script.createCachedData());
        renameSync(part, cacheFile);
        say(`wrote ${cacheFile}`);
      } catch (e) {
        say(`no code cache written: ${e.message}`);
      }
    });
  }
  const module = { exports: {} };
  // the script's `import()`s (bundle-cli.mjs renames them): a path relative to the bundle, or a package
  const load = (specifier) =>
    import(specifier.startsWith('.') ? pathToFileURL(resolve(bundleDir, specifier)).href : specifier);
  script.runInThisContext()(module.exports, createRequire(file), module, file, bundleDir, load);
  return module.exports.runProcess(argv);
}

const argv = process.argv.slice(2);
const bundle = freshBundle();
const quick = bundle?.quick;
if (
  quick !== undefined &&
  Array.isArray(quick.commands) &&
  quick.commands.includes(argv[0] ?? '') &&
  existsSync(join(bundleDir, quick.file))
) {
  runQuick(join(bundleDir, quick.file), argv);
} else if (bundle !== undefined) {
  say(join(bundleDir, 'main.js'));
  import(pathToFileURL(join(bundleDir, 'main.js')).href);
} else if (existsSync(entry)) {
  say(entry);
  import(pathToFileURL(entry).href);
} else {
  process.stderr.write('edgedancer: not built yet: run `npm run build` (or `npm start`) in the repository first\n');
  process.exit(1);
}
