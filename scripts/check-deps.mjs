// Keeps the dependency arrows of docs/ARCHITECTURE.md true: which workspace may import which, no deep imports
// into another package (only the subpaths a package lists in its "exports", such as
// `@edgedancer/interpreter/wasm-builder`), no `node:` imports in the interpreter's sources, and no runtime
// dependencies there.
// `--self-test` runs the check on a small made-up tree with one violation of each kind and fails unless every
// one is found, so the check itself cannot silently pass everything.
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
import { join, relative, resolve, sep } from 'node:path';

/** Allowed imports between our packages (the package itself is always allowed). */
const ALLOWED = {
  '@edgedancer/interpreter': [],
  '@edgedancer/enclave-sim': ['@edgedancer/interpreter'],
  '@edgedancer/migration': ['@edgedancer/interpreter'],
  '@edgedancer/wasi': ['@edgedancer/interpreter'],
  '@edgedancer/spec-tests': ['@edgedancer/interpreter', '@edgedancer/migration'],
  '@edgedancer/cli': [
    '@edgedancer/interpreter',
    '@edgedancer/enclave-sim',
    '@edgedancer/migration',
    '@edgedancer/wasi',
    '@edgedancer/spec-tests',
    '@edgedancer/bench',
  ],
  '@edgedancer/bench': ['*'],
};

/** Every violation of the rules in the workspace tree at `root`. */
function check(root) {
  const pkgJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const workspaces = pkgJson.workspaces.filter((w) => existsSync(join(root, w, 'package.json')));
  const problems = [];

  /** The subpaths each workspace declares in its package.json `exports` (the only ones others may import). */
  const declaredSubpaths = new Map();
  for (const ws of workspaces) {
    const pkg = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
    declaredSubpaths.set(pkg.name, new Set(Object.keys(pkg.exports ?? {}).filter((k) => k !== '.')));
  }

  function* files(dir) {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(p).isDirectory()) yield* files(p);
      else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield p;
    }
  }

  const IMPORT_RE =
    /(?:^|[^\w.])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])import\s+['"]([^'"]+)['"]/gm;

  for (const ws of workspaces) {
    const dir = join(root, ws);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const name = pkg.name;
    const allowed = ALLOWED[name];
    if (allowed === undefined) {
      problems.push(`${ws}: package ${name} has no entry in scripts/check-deps.mjs`);
      continue;
    }
    if (name === '@edgedancer/interpreter' && Object.keys(pkg.dependencies ?? {}).length > 0) {
      problems.push(`${ws}: the interpreter must have no runtime dependencies`);
    }
    for (const sub of ['src', 'test', 'bench', 'programs']) {
      for (const file of files(join(dir, sub))) {
        const text = readFileSync(file, 'utf8');
        const rel = relative(root, file);
        for (const m of text.matchAll(IMPORT_RE)) {
          const spec = m[1] ?? m[2] ?? m[3];
          if (spec.startsWith('.')) {
            const target = resolve(join(file, '..'), spec);
            if (!target.startsWith(dir + sep)) problems.push(`${rel}: relative import leaves the package: ${spec}`);
            continue;
          }
          if (spec.startsWith('node:')) {
            if (name === '@edgedancer/interpreter' && sub === 'src')
              problems.push(`${rel}: node: import in the interpreter: ${spec}`);
            continue;
          }
          if (!spec.startsWith('@edgedancer/')) continue;
          const [scope, base, ...rest] = spec.split('/');
          const target = `${scope}/${base}`;
          if (rest.length > 0 && !declaredSubpaths.get(target)?.has(`./${rest.join('/')}`)) {
            problems.push(`${rel}: deep import into another package (not in its "exports"): ${spec}`);
          }
          if (target === name) continue;
          if (!allowed.includes('*') && !allowed.includes(target))
            problems.push(`${rel}: ${name} must not import ${target}`);
        }
      }
    }
  }

  return problems;
}

function selfTest() {
  const dir = mkdtempSync(join(tmpdir(), 'check-deps-'));
  try {
    const write = (path, text) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    const pkg = (ws, name, extra = {}) => write(`${ws}/package.json`, JSON.stringify({ name, ...extra }));
    write(
      'package.json',
      JSON.stringify({ workspaces: ['packages/interpreter', 'packages/migration', 'packages/enclave-sim'] }),
    );
    pkg('packages/interpreter', '@edgedancer/interpreter', {
      dependencies: { leftpad: '1.0.0' },
      exports: { '.': './a.js', './wasm-builder': './w.js' },
    });
    pkg('packages/migration', '@edgedancer/migration', { exports: { '.': './a.js', './extra': './b.js' } });
    pkg('packages/enclave-sim', '@edgedancer/enclave-sim');
    write('packages/interpreter/src/a.ts', "import { x } from 'node:fs';\n");
    write('packages/enclave-sim/src/a.ts', "import { y } from '@edgedancer/migration';\n");
    write('packages/enclave-sim/src/b.ts', "import { z } from '@edgedancer/interpreter/dist/src/store.js';\n");
    write('packages/enclave-sim/src/c.ts', "import { w } from '../../migration/src/index.js';\n");
    write('packages/migration/src/ok.ts', "import { v } from '@edgedancer/interpreter';\n");
    write('packages/migration/test/ok.ts', "import { u } from '@edgedancer/interpreter/wasm-builder';\n");
    write('packages/enclave-sim/src/ok.ts', "import { t } from '@edgedancer/interpreter/wasm-builder';\n");
    const found = check(dir);
    const expected = [
      'no runtime dependencies',
      'node: import in the interpreter',
      'must not import @edgedancer/migration',
      'deep import',
      'relative import leaves the package',
    ];
    const missing = expected.filter((e) => !found.some((p) => p.includes(e)));
    if (missing.length > 0 || found.length !== expected.length) {
      console.error(`check-deps self-test failed: missing ${JSON.stringify(missing)}; found ${JSON.stringify(found)}`);
      process.exit(1);
    }
    console.log(`check-deps self-test: all ${expected.length} planted violations found`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--self-test')) selfTest();
const root = resolve(import.meta.dirname, '..');
const problems = check(root);
const workspaceCount = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.length;
if (problems.length > 0) {
  console.error(`dependency check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`dependency check: ${workspaceCount} packages, arrows as documented`);
