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
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
const result = await build({
  absWorkingDir: root,
  entryPoints: ['packages/cli/dist/src/main.js'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
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
  banner: {
    js: [
      "import { createRequire as __edgedancerCreateRequire } from 'node:module';",
      "import { pathToFileURL as __edgedancerPathToFileURL } from 'node:url';",
      'const __edgedancerFileUrl = (pkg, rel) => new URL(rel, __edgedancerPathToFileURL(__edgedancerCreateRequire(import.meta.url).resolve(pkg))).href;',
    ].join(' '),
  },
  plugins: [
    {
      name: 'edgedancer',
      setup(b) {
        // only this repository's packages are bundled
        b.onResolve({ filter: /^[^./]/ }, (a) =>
          a.path.startsWith('@edgedancer/') ? undefined : { path: a.path, external: true },
        );
        b.onLoad({ filter: /\.js$/ }, (a) => {
          const text = readFileSync(a.path, 'utf8');
          if (!text.includes('import.meta.url')) return undefined;
          const w = owner(a.path);
          if (w === undefined) return undefined;
          const here =
            w.dir === cliDir
              ? `new URL(${JSON.stringify(posix(relative(outdir, a.path)))}, import.meta.url).href`
              : `__edgedancerFileUrl(${JSON.stringify(w.name)}, ${JSON.stringify(`./${posix(relative(join(w.dir, 'dist', 'src'), a.path))}`)})`;
          return {
            contents: text.replaceAll('import.meta.url', `(${here})`),
            loader: 'js',
            resolveDir: dirname(a.path),
          };
        });
      },
    },
  ],
});

// source maps: another package's sources named where an install puts that package (beside the CLI)
for (const out of Object.keys(result.metafile.outputs).filter((o) => o.endsWith('.js.map'))) {
  const file = resolve(root, out);
  const map = JSON.parse(readFileSync(file, 'utf8'));
  map.sources = map.sources.map((s) => {
    const abs = resolve(dirname(file), map.sourceRoot ?? '', s);
    const w = owner(abs);
    if (w === undefined || w.dir === cliDir) return s;
    return posix(join('..', '..', '..', w.name.split('/')[1], relative(w.dir, abs)));
  });
  writeFileSync(file, JSON.stringify(map));
}
const inputs = Object.keys(result.metafile.inputs).map((i) => resolve(root, i));
const bundled = workspaces.filter((w) => inputs.some((i) => owner(i) === w));
const watch = bundled
  .map((w) => join(w.dir, 'dist', 'tsconfig.tsbuildinfo'))
  .filter((f) => existsSync(f))
  .map((f) => posix(relative(outdir, f)));
if (watch.length !== bundled.length)
  throw new Error('a bundled package has no dist/tsconfig.tsbuildinfo: build with `tsc -b` first');
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify({ builtAt: started, watch }, null, 2)}\n`);
const js = Object.entries(result.metafile.outputs).filter(([o]) => o.endsWith('.js'));
console.log(
  `cli bundle: ${js.length} files, ${(js.reduce((n, [, o]) => n + o.bytes, 0) / 1024).toFixed(0)} kB, from ${inputs.length} modules`,
);
