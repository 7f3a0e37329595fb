// `npm start` / `npm run demo`: builds what changed (`tsc -b` is incremental: a warm build with nothing to do
// takes a second or two; then the enclave image and the bundled command) and then runs the demo, one line per step. Arguments go to the demo (`npm start -- --json`).
// A full clean happens only where stale output matters: `npm test` runs scripts/clean.mjs first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const say = (line) => process.stderr.write(`edgedancer: ${line}\n`);

if (!existsSync(tsc)) {
  say('TypeScript is not installed: run `npm ci` first');
  process.exit(1);
}
const fresh = !existsSync(join(root, 'packages', 'cli', 'dist', 'src', 'main.js'));
say(`building with tsc -b (${fresh ? 'first build: every package' : 'incremental: only what changed'}) …`);
const t0 = performance.now();
const build = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  say(`the build failed (tsc -b exit status ${build.status ?? build.signal})`);
  process.exit(build.status ?? 1);
}
// the enclave image and the single-file command are made from the compiled output (a second or two each)
for (const script of ['bundle-enclave.mjs', 'bundle-cli.mjs']) {
  const step = spawnSync(process.execPath, [join(root, 'scripts', script)], { cwd: root, stdio: 'inherit' });
  if (step.status !== 0) {
    say(`the build failed (${script} exit status ${step.status ?? step.signal})`);
    process.exit(step.status ?? 1);
  }
}
say(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s; the command is \`npx edgedancer\``);
const args = ['packages/cli/dist/src/main.js', 'demo', ...process.argv.slice(2)];
say(`starting the demo: node ${args.join(' ')}`);
const demo = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(demo.status ?? 1);
