// Packs every published workspace with `npm pack`, installs the tarballs into a fresh project in a temporary
// directory (our packages come from the tarballs only: each depends on the others by version, so `overrides`
// point every one of them at its tarball; third-party dependencies come from npm's cache when it has them),
// and checks what a user gets:
// - each package has its LICENSE, README and CHANGELOG, and every source map in it resolves to a shipped file;
// - every entry point of each package's `exports` imports from ESM and exports something;
// - the interpreter runs a module, and the `edgedancer` bin runs (`--version`, and `run` of a module);
// - a small TypeScript consumer of every entry point type-checks under moduleResolution node16, nodenext,
//   bundler and node (node10), with types that are real (an expected error must be reported).
// Run after a build: `node scripts/pack-install.mjs [--keep]` (npm test runs it). Exits 1 on any failure.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
/** `(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`. */
const ADD_MODULE = [
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 7, 1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 7, 1, 3, 0x61, 0x64, 0x64, 0,
  0, 0xa, 9, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0xb,
];
const keep = process.argv.includes('--keep');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const failures = [];
const t0 = performance.now();
const say = (line) =>
  console.log(`pack-install: ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${line}`);
const fail = (line) => {
  failures.push(line);
  console.log(`pack-install: FAIL ${line}`);
};

function run(cmd, args, cwd, options = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (r.status !== 0 && !options.allowFailure) {
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) exited with ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`,
    );
  }
  return r;
}

/** The workspaces a user can install: every one not marked private. */
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  .workspaces.map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }))
  .filter((w) => w.pkg.private !== true);
for (const w of workspaces) {
  if (!existsSync(join(root, w.dir, 'dist', 'src'))) {
    console.error(`pack-install: ${w.dir} is not built: run \`npm run build\` first`);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'edgedancer-pack-'));
try {
  // 1. Pack.
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packed = JSON.parse(
    run(npm, ['pack', '--json', '--pack-destination', tarballs, ...workspaces.flatMap((w) => ['-w', w.dir])], root)
      .stdout,
  );
  const tarballOf = new Map(packed.map((p) => [p.name, join(tarballs, p.filename)]));
  say(`packed ${packed.map((p) => `${p.name} (${(p.size / 1024).toFixed(0)} kB)`).join(', ')}`);

  // 2. Install into a fresh project.
  const app = join(work, 'app');
  mkdirSync(app);
  const deps = Object.fromEntries([...tarballOf].map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'edgedancer-consumer',
        private: true,
        type: 'module',
        dependencies: deps,
        overrides: deps,
      },
      null,
      2,
    ),
  );
  run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], app);
  say(`installed the tarballs into ${app}`);

  // 3. What each installed package holds.
  const entryPoints = [];
  for (const w of workspaces) {
    const dir = join(app, 'node_modules', ...w.pkg.name.split('/'));
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']) {
      if (!existsSync(join(dir, file))) fail(`${w.pkg.name} has no ${file}`);
    }
    let maps = 0;
    for (const map of filesUnder(join(dir, 'dist')).filter((f) => f.endsWith('.map'))) {
      maps++;
      const m = JSON.parse(readFileSync(map, 'utf8'));
      for (const source of m.sources) {
        const target = resolve(dirname(map), m.sourceRoot ?? '', source);
        if (!existsSync(target))
          fail(`${w.pkg.name}: ${map.slice(dir.length + 1)} names ${source}, which is not in the package`);
      }
    }
    if (maps === 0) say(`${w.pkg.name} ships no source maps`);
    for (const sub of Object.keys(w.pkg.exports ?? { '.': {} }))
      entryPoints.push(sub === '.' ? w.pkg.name : `${w.pkg.name}${sub.slice(1)}`);
  }
  say(`checked LICENSE, README, CHANGELOG and source maps of ${workspaces.length} packages`);

  // 4. Import every entry point from ESM, run a module, run the bin.
  const esm = [
    `const entries = ${JSON.stringify(entryPoints)};`,
    'for (const e of entries) {',
    '  const ns = await import(e);',
    '  if (Object.keys(ns).length === 0) throw new Error(`${e} exports nothing`);',
    '}',
    "const { WebAssembly } = await import('@edgedancer/interpreter');",
    `const { instance } = await WebAssembly.instantiate(new Uint8Array([${ADD_MODULE.join(',')}]));`,
    'const sum = instance.exports.add(2, 3);',
    'if (sum !== 5) throw new Error(`add(2, 3) gave ${sum}`);',
    'console.log(`imported ${entries.length} entry points; add(2, 3) = ${sum}`);',
  ].join('\n');
  writeFileSync(join(app, 'check.mjs'), esm);
  say(run(process.execPath, ['check.mjs'], app).stdout.trim());
  writeFileSync(join(app, 'add.wasm'), new Uint8Array(ADD_MODULE));
  const version = run(npm, ['exec', '--offline', '--', 'edgedancer', '--version'], app).stdout.trim();
  const cliVersion = workspaces.find((w) => w.pkg.name === '@edgedancer/cli')?.pkg.version;
  if (version !== `edgedancer ${cliVersion}`) fail(`npx edgedancer --version printed "${version}"`);
  const added = run(
    join(app, 'node_modules', '.bin', 'edgedancer'),
    ['run', 'add.wasm', '--invoke', 'add', '40', '2'],
    app,
  ).stdout.trim();
  if (added !== '42') fail(`edgedancer run add.wasm --invoke add 40 2 printed "${added}"`);
  say(`npx edgedancer --version: ${version}; edgedancer run add.wasm --invoke add 40 2: ${added}`);

  // 5. Type-check a consumer of every entry point under each module resolution.
  const consumer = [
    ...entryPoints.map((e, i) => `import * as p${i} from '${e}';`),
    "import { WebAssembly, Module } from '@edgedancer/interpreter';",
    `export const namespaces = [${entryPoints.map((_, i) => `p${i}`).join(', ')}];`,
    'export const valid: boolean = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));',
    'export const module: Module = new Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));',
    '// @ts-expect-error: validate takes bytes (this line fails the check if the types resolved to any)',
    'WebAssembly.validate(42);',
  ].join('\n');
  writeFileSync(join(app, 'consumer.ts'), `${consumer}\n`);
  const modes = { node16: 'node16', nodenext: 'nodenext', bundler: 'esnext', node: 'esnext' };
  const checks = [];
  for (const [resolution, module] of Object.entries(modes)) {
    const config = {
      compilerOptions: {
        target: 'es2022',
        lib: ['es2022'],
        module,
        moduleResolution: resolution,
        strict: true,
        noEmit: true,
        // Our declaration files are checked once (nodenext); the other runs check resolution only (faster).
        skipLibCheck: resolution !== 'nodenext',
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
      },
      files: ['consumer.ts'],
    };
    writeFileSync(join(app, `tsconfig.${resolution}.json`), JSON.stringify(config, null, 2));
    // The four checks run side by side.
    checks.push(
      runAsync(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], app).then((r) => {
        if (r.status !== 0) fail(`moduleResolution ${resolution}: tsc reports\n${r.stdout}${r.stderr}`);
      }),
    );
  }
  await Promise.all(checks);
  say(
    `type-checked a consumer of ${entryPoints.length} entry points under moduleResolution ${Object.keys(modes).join(', ')}`,
  );
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
} finally {
  if (keep) say(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
say(
  `${failures.length === 0 ? 'ok' : `${failures.length} failure(s)`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
process.exit(failures.length === 0 ? 0 : 1);

function runAsync(cmd, args, cwd) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
