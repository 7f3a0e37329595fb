// Bundles the compiled `edgedancer` command (packages/cli/dist/src/main.js and every module of this repository's
// packages it imports) into packages/cli/dist/bundle/, which the launcher (packages/cli/bin/edgedancer.js) loads:
// a few files instead of about 60 for `run`, so start-up pays much less of the ESM loader's cost per module.
// - ESM, split: each command's code stays in its own chunk, loaded only when that command runs.
// - Third-party packages (wasm-tools, …) stay external imports, found in node_modules as before.
// - White space and syntax are minified (less to parse at each start); identifiers are not renamed.
// - `import.meta.url` in a bundled module is rewritten to the URL of that module's original file, so files found
//   beside it (the enclave image, the enclave bootstrap worker, bench programs) are still found: for the CLI's
//   own files relative to the bundle (dist/bundle and dist/src are siblings), for another package's through
//   Node's resolution of that package (so any install layout works).
// - Source maps chain to the TypeScript sources (esbuild reads tsc's maps), with the sources' text embedded; a
//   source of another package is named where an install puts it (node_modules/@edgedancer/NAME beside the CLI).
// - inputs.json says when the bundle was made and names the `tsc -b` build-info file of every package bundled
//   (`tsc -b` rewrites a package's whenever it rebuilds it): the launcher falls back to dist/src when one of
//   them is newer than the bundle, so a stale bundle never runs in a working copy (a packed package ships no
//   build-info files: its bundle is always the one packed).
// - quick-start.cjs and its quick-*.cjs chunks: the commands that must start fast (`run`, `resume`) once more,
//   as CommonJS-style scripts with no import of ours, split so that `run` of a plain module loads only what it
//   needs (the WASI host, the snapshot codec and the text-format parser come in chunks of their own, on first
//   use). The launcher compiles each with `vm.Script` and a V8 code cache kept beside it (Node 20 has no
//   `module.enableCompileCache`): no ESM loader, no parse, no lazy compilation of the interpreter's hot
//   functions at each start. inputs.json names them and the commands they serve. The build runs `run` of an
//   empty module (binary and text) so that the caches of those chunks are there from the start.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = join(root, 'packages', 'cli');
const outdir = join(cliDir, 'dist', 'bundle');
const posix = (p) => p.split(sep).join('/');
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.map((w) => {
  const dir = resolve(root, w);
  return { dir, name: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name };
});
const owner = (file) => workspaces.find((w) => file.startsWith(w.dir + sep));

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
/**
 * The plugin both builds use: only this repository's packages are bundled, and `import.meta.url` in one of
 * their files becomes the URL of that original file (see the header).
 * @param cliUrl - the expression for a CLI file's URL, given its path relative to the bundle directory
 * @param onResolve - more resolution rules (the quick script's)
 */
const edgedancerPlugin = (cliUrl, onResolve = () => undefined) => ({
  name: 'edgedancer',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) => {
      const own = onResolve(a);
      if (own !== undefined) return own;
      // only this repository's packages are bundled
      if (/^[^./]/.test(a.path) && !a.path.startsWith('@edgedancer/')) return { path: a.path, external: true };
      return undefined;
    });
    b.onLoad({ filter: /\.js$/ }, (a) => {
      const text = readFileSync(a.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const w = owner(a.path);
      if (w === undefined) return undefined;
      const here =
        w.dir === cliDir
          ? cliUrl(posix(relative(outdir, a.path)))
          : `__edgedancerFileUrl(${JSON.stringify(w.name)}, ${JSON.stringify(`./${posix(relative(join(w.dir, 'dist', 'src'), a.path))}`)})`;
      return {
        contents: text.replaceAll('import.meta.url', `(${here})`),
        loader: 'js',
        resolveDir: dirname(a.path),
      };
    });
  },
});

/** What both builds share. */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // less to read and parse at every start; identifiers keep their names (error classes are told apart by name)
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  metafile: true,
};

const result = await build({
  ...common,
  entryPoints: ['packages/cli/dist/src/main.js'],
  outdir,
  splitting: true,
  format: 'esm',
  banner: {
    js: [
      "import { createRequire as __edgedancerCreateRequire } from 'node:module';",
      "import { pathToFileURL as __edgedancerPathToFileURL } from 'node:url';",
      'const __edgedancerFileUrl = (pkg, rel) => new URL(rel, __edgedancerPathToFileURL(__edgedancerCreateRequire(import.meta.url).resolve(pkg))).href;',
    ].join(' '),
  },
  plugins: [edgedancerPlugin((rel) => `new URL(${JSON.stringify(rel)}, import.meta.url).href`)],
});

// The quick scripts: the commands that must start fast, split like the ESM bundle (code reached only through an
// `import()` — the WASI host, the snapshot codec, the text-format parser — is in chunks of its own, loaded when a
// module needs it), then each chunk made a function of (exports, require, module, __filename, __dirname,
// __impt), as Node wraps a CommonJS module: its static imports of other chunks become `require` calls and its
// `import()`s `__impt` calls, both of which the launcher answers from the chunks (compiled with their own code
// caches) or, for a builtin or another file, as Node would.
const QUICK = 'quick-start.cjs';
/** The commands the quick script serves (`--version` and `--help` start faster from main.js: less to load). */
const QUICK_COMMANDS = ['run', 'resume'];
const QUICK_MODULES = new Set(QUICK_COMMANDS);
/** The wrapper's opening, on a line of its own (a source map's lines then only shift by one). */
const QUICK_HEAD = [
  // strict, as the ES modules it is made of (the directive must come first in the function)
  `(function (exports, require, module, __filename, __dirname, __impt) { 'use strict';`,
  "const __edgedancerUrl = require('node:url');",
  'const __edgedancerScriptUrl = __edgedancerUrl.pathToFileURL(__filename).href;',
  'const __edgedancerFileUrl = (pkg, rel) => new URL(rel, __edgedancerUrl.pathToFileURL(require.resolve(pkg))).href;',
].join(' ');
const quick = await build({
  ...common,
  entryPoints: { 'quick-start': 'packages/cli/dist/src/process-main.js' },
  outdir,
  splitting: true,
  format: 'esm',
  write: false,
  // transformed below into the scripts the launcher runs; the chain to the TypeScript sources goes through
  sourcemap: 'inline',
  outExtension: { '.js': '.cjs' },
  chunkNames: 'quick-[name]-[hash]',
  plugins: [
    edgedancerPlugin(
      (rel) => `new URL(${JSON.stringify(rel)}, __edgedancerScriptUrl).href`,
      // the other commands stay out: the launcher sends them to main.js (this import is never taken from here)
      (a) => {
        const m = /^\.\/commands\/([\w-]+)\.js$/.exec(a.path);
        if (m === null || QUICK_MODULES.has(m[1])) return undefined;
        return { path: posix(relative(outdir, resolve(a.resolveDir, a.path))), external: true };
      },
    ),
  ],
});
const quickOutputs = Object.entries(quick.metafile.outputs);
const ownImport = quickOutputs
  .flatMap(([, o]) => o.imports)
  .find((i) => i.external && !i.path.startsWith('node:') && i.kind !== 'dynamic-import');
if (ownImport !== undefined) throw new Error(`${QUICK} must not import ${ownImport.path} (${ownImport.kind})`);
/** The quick scripts' files (names in the bundle directory) and sizes. */
const quickFiles = [];
for (const out of quick.outputFiles) {
  const name = basename(out.path);
  const meta = quickOutputs.find(([o]) => resolve(root, o) === out.path)?.[1];
  if (meta === undefined) throw new Error(`no metafile entry for ${name}`);
  const t = await transform(out.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    // ASCII (other characters escaped): the launcher reads it as latin1 into a one-byte string, no UTF-8 decoding
    charset: 'ascii',
    legalComments: 'none',
    sourcemap: 'external',
    sourcesContent: true,
    sourcefile: out.path,
    banner: QUICK_HEAD,
    footer: '})',
  });
  // A script's own `import()` needs a callback that Node 20 gives only with --experimental-vm-modules, and none
  // at all in functions restored from a code cache: each `import(` becomes `__impt(`, a function of the same
  // length (columns, hence the source map, stay right) that the launcher passes in.
  const dynamic = meta.imports.filter((i) => i.kind === 'dynamic-import').length;
  if (/[^ -~\t\n\r]/.test(t.code)) throw new Error(`${name} is not ASCII`);
  const found = t.code.match(/\bimport\(/g)?.length ?? 0;
  if (t.code.match(/\b__impt\b/g)?.length !== 1 || found !== dynamic)
    throw new Error(
      `${name}: ${found} 'import(' for ${dynamic} dynamic imports, or '__impt' used elsewhere than as the wrapper's parameter`,
    );
  // The exports object itself, not a copy of its getters (`__toCommonJS`): no copying at load, one getter fewer
  // on every use from another chunk (nothing here needs the copy's `__esModule` mark: no `__toESM`).
  const toCommonJs = /\bmodule\.exports=__toCommonJS\((\w+)\)/g;
  if (t.code.match(toCommonJs)?.length !== 1 || /\b__toESM\(/.test(t.code))
    throw new Error(`${name}: not one module.exports=__toCommonJS(…), or a __toESM`);
  const text = t.code.replace(toCommonJs, (m, exportsObject) => `module.exports=${exportsObject}`.padEnd(m.length));
  const code = `${text.replace(/\bimport\(/g, '__impt(')}//# sourceMappingURL=${name}.map\n`;
  writeFileSync(out.path, code);
  // a chunk that only re-exports has nothing to map (esbuild would name the chunk itself as the source)
  const map = JSON.parse(t.map);
  const own = map.sources.filter((src) => !src.endsWith('.ts'));
  if (own.length > 0 && own.length < map.sources.length) throw new Error(`${name}: sources ${own.join(', ')}`);
  writeFileSync(
    `${out.path}.map`,
    own.length > 0 ? JSON.stringify({ version: 3, sources: [], names: [], mappings: '' }) : t.map,
  );
  quickFiles.push({ name, bytes: Buffer.byteLength(code) });
}

// source maps: another package's sources named where an install puts that package (beside the CLI)
const maps = [
  ...Object.keys(result.metafile.outputs)
    .filter((o) => o.endsWith('.js.map'))
    .map((o) => resolve(root, o)),
  ...quickFiles.map((f) => join(outdir, `${f.name}.map`)),
];
for (const file of maps) {
  const map = JSON.parse(readFileSync(file, 'utf8'));
  map.sources = map.sources.map((s) => {
    const abs = resolve(dirname(file), map.sourceRoot ?? '', s);
    const w = owner(abs);
    if (w === undefined || w.dir === cliDir) return s;
    return posix(join('..', '..', '..', w.name.split('/')[1], relative(w.dir, abs)));
  });
  writeFileSync(file, JSON.stringify(map));
}
const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...Object.keys(quick.metafile.inputs)])].map((i) =>
  resolve(root, i),
);
const bundled = workspaces.filter((w) => inputs.some((i) => owner(i) === w));
const watch = bundled
  .map((w) => join(w.dir, 'dist', 'tsconfig.tsbuildinfo'))
  .filter((f) => existsSync(f))
  .map((f) => posix(relative(outdir, f)));
if (watch.length !== bundled.length)
  throw new Error('a bundled package has no dist/tsconfig.tsbuildinfo: build with `tsc -b` first');
writeFileSync(
  join(outdir, 'inputs.json'),
  `${JSON.stringify({ builtAt: started, watch, quick: { file: QUICK, commands: QUICK_COMMANDS, files: quickFiles.map((f) => f.name) } }, null, 2)}\n`,
);
const js = Object.entries(result.metafile.outputs).filter(([o]) => o.endsWith('.js'));

// runs through the launcher write the quick scripts' code caches
const scratch = mkdtempSync(join(tmpdir(), 'edgedancer-bundle-'));
try {
  // (module (func (export "f")))
  const empty = Uint8Array.of(
    0,
    97,
    115,
    109,
    1,
    0,
    0,
    0,
    1,
    4,
    1,
    96,
    0,
    0,
    3,
    2,
    1,
    0,
    7,
    5,
    1,
    1,
    102,
    0,
    0,
    10,
    4,
    1,
    2,
    0,
    11,
  );
  writeFileSync(join(scratch, 'empty.wasm'), empty);
  writeFileSync(join(scratch, 'empty.wat'), '(module (func (export "f")))');
  // the chunks a plain module and a text one need (the others get their caches on first use)
  for (const file of ['empty.wasm', 'empty.wat']) {
    const warm = spawnSync(process.execPath, [join(cliDir, 'bin', 'edgedancer.cjs'), 'run', file, '--invoke', 'f'], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, EDGEDANCER_NO_BUNDLE: '' },
    });
    if (warm.status !== 0) throw new Error(`the bundled command does not run: ${warm.stderr}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(
  `cli bundle: ${js.length} files, ${(js.reduce((n, [, o]) => n + o.bytes, 0) / 1024).toFixed(0)} kB, and ${quickFiles.length} quick scripts for ${QUICK_COMMANDS.join(' and ')} (${(quickFiles.reduce((n, f) => n + f.bytes, 0) / 1024).toFixed(0)} kB in all), from ${inputs.length} modules`,
);
