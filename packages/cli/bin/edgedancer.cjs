#!/usr/bin/env node
/**
 * The `edgedancer` executable as npm links it. It is checked in (npm links a workspace's bin only if the file
 * exists at install time, before anything is built) and only starts the compiled command line, saying so in
 * one line when the package has not been built yet. It is CommonJS, so that a quick command starts without
 * Node's ESM loader.
 *
 * When the bundle (`dist/bundle`, made by scripts/bundle-cli.mjs) is there and none of the files it was made
 * from changed since (a `tsc -b` after the last bundle), the commands named in its inputs.json (`run`, `resume`)
 * run from `dist/bundle/quick-start.cjs` and the `quick-*.cjs` chunks it loads when it needs them, each compiled
 * with a V8 code cache kept beside it (`NAME.<V8 version>-<arch>.v8cache`, written when missing, made from
 * another version of the script, or refused by V8, if the directory is writable); the others from
 * `dist/bundle/main.js`. Otherwise `dist/src/main.js`; `EDGEDANCER_NO_BUNDLE=1`
 * forces the latter. `NODE_DEBUG=edgedancer` says on stderr which was started and whether V8 took the cache,
 * each line with the time since the process started, and when the process exits.
 * @module
 */
'use strict';
const { existsSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

const bundleDir = join(__dirname, '..', 'dist', 'bundle');
const entry = join(__dirname, '..', 'dist', 'src', 'main.js');
const debug = /\bedgedancer\b/i.test(process.env.NODE_DEBUG ?? '');
// each line says when, in ms since the process started (performance.now()), so the lines time the start-up
const say = (line) => {
  if (debug) process.stderr.write(`EDGEDANCER ${process.pid}: ${performance.now().toFixed(1)} ms: ${line}\n`);
};
if (debug) process.once('exit', () => say('exit'));

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
 * Runs the quick script (`file`, in the bundle directory) and the chunks it needs, each compiled with its code
 * cache (`NAME.<V8 version>-<arch>.v8cache` beside it). A cache starts with a line naming the size and
 * modification time of the script it was made from: one made from another version of the script (a rebuilt or
 * edited bundle; V8 itself compares only the length) is not used. Caches that were missing, stale or refused by
 * V8 are written at exit (if the directory is writable).
 * @param {string} file - the entry script's name
 * @param {readonly string[]} argv - the command line
 */
function runQuick(file, argv) {
  const vm = require('node:vm');
  const { createRequire } = require('node:module');
  const nodeRequire = createRequire(join(bundleDir, file));
  /** @type {Map<string, { exports: unknown }>} */
  const loaded = new Map();
  /** @type {{ cacheFile: string, stamp: string, script: import('node:vm').Script }[]} */
  const toWrite = [];
  // a chunk's `import()`: another chunk, or a path relative to the bundle, or a package
  const load = (specifier) =>
    isChunk(specifier)
      ? Promise.resolve().then(() => chunk(specifier))
      : import(specifier.startsWith('.') ? pathToFileURL(resolve(bundleDir, specifier)).href : specifier);
  // a chunk's `require`: another chunk, or a builtin
  const chunkRequire = Object.assign((specifier) => (isChunk(specifier) ? chunk(specifier) : nodeRequire(specifier)), {
    resolve: nodeRequire.resolve,
  });
  const chunk = (specifier) => {
    const name = specifier.slice(2);
    const done = loaded.get(name);
    if (done !== undefined) return done.exports;
    const path = join(bundleDir, name);
    const source = readFileSync(path, 'latin1');
    const { size, mtimeMs } = statSync(path);
    const stamp = `${size} ${mtimeMs}\n`;
    const cacheFile = `${path}.${process.versions.v8}-${process.arch}.v8cache`;
    let cachedData;
    try {
      const cache = readFileSync(cacheFile);
      if (cache.toString('latin1', 0, stamp.length) === stamp) cachedData = cache.subarray(stamp.length);
      else say(`${cacheFile} was made from another ${name}`);
    } catch {}
    // the script is a function expression (exports, require, module, __filename, __dirname, __impt)
    const script = new vm.Script(source, { filename: path, cachedData });
    const taken = cachedData !== undefined && !script.cachedDataRejected;
    say(`${path}, code cache ${cachedData === undefined ? 'absent' : taken ? 'taken' : 'refused'}`);
    if (!taken) toWrite.push({ cacheFile, stamp, script });
    const module = { exports: {} };
    loaded.set(name, module);
    script.runInThisContext()(module.exports, chunkRequire, module, path, bundleDir, load);
    return module.exports;
  };
  process.once('exit', () => {
    for (const { cacheFile, stamp, script } of toWrite) {
      try {
        const part = `${cacheFile}.${process.pid}`;
        writeFileSync(part, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()]));
        renameSync(part, cacheFile);
        say(`wrote ${cacheFile}`);
      } catch (e) {
        say(`no code cache written: ${e.message}`);
      }
    }
  });
  return chunk(`./${file}`).runProcess(argv);
}

/**
 * Whether an import of a quick script names one of its chunks (`./quick-….cjs`).
 * @param {string} specifier
 */
function isChunk(specifier) {
  return /^\.\/quick-[\w-]+\.cjs$/.test(specifier);
}

const argv = process.argv.slice(2);
const bundle = freshBundle();
const quick = bundle?.quick;
if (
  quick !== undefined &&
  Array.isArray(quick.commands) &&
  quick.commands.includes(argv[0] ?? '') &&
  isChunk(`./${quick.file}`) &&
  existsSync(join(bundleDir, quick.file))
) {
  runQuick(quick.file, argv);
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
