/**
 * The C and Rust agents `docs/agents.md` shows ("Writing one in C", "Writing one in Rust") are built with the
 * commands it gives (Debian's clang + wasi-libc, Debian's rustc; a missing toolchain fails with the packages to
 * install) and served, moved and served again in process, with the responses and log lines the page promises.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Module } from '@edgedancer/interpreter';
import { Agent, encodeSnapshot } from '@edgedancer/migration';
import { wasiAgentModule, wasiConfigOf } from '../src/enclave/wasi-agent.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs', 'agents.md'), 'utf8');
let dir: string;

/** The first fenced block of `lang` after `heading`. */
function snippet(heading: string, lang: string): string {
  const at = DOC.indexOf(heading);
  assert.ok(at >= 0, `docs/agents.md has "${heading}"`);
  const m = new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(DOC.slice(at));
  assert.ok(m !== null, `a ${lang} block after "${heading}"`);
  return m[1]!;
}

function build(tool: string, args: string[], packages: string): void {
  try {
    execFileSync(tool, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer; message: string };
    throw new Error(
      `${tool} failed (install: apt-get install ${packages}):\n${err.code === 'ENOENT' ? 'not found' : (err.stderr?.toString() ?? err.message)}`,
    );
  }
}

/** Serves `first` on node a, moves the agent to node b, serves the rest there; returns responses and log lines. */
function serveAndMove(wasm: Uint8Array, requests: string[]): { responses: string[]; lines: string[] } {
  const module = new Module(wasm);
  const lines: string[] = [];
  const wasi = () => wasiAgentModule('doc', wasiConfigOf(module, wasm), (l) => lines.push(l));
  const responses: string[] = [];
  const serve = (agent: Agent, r: string): void => {
    const out = agent.serve(new TextEncoder().encode(r));
    assert.equal(out.kind, 'done', out.kind === 'trapped' ? out.error.message : out.kind);
    responses.push(Buffer.from(out.kind === 'done' ? out.response! : []).toString());
  };
  const a = Agent.load(module, { nodeName: 'a' }, { agentId: 'doc', hostModules: [wasi()] });
  a.start();
  serve(a, requests[0]!);
  const bytes = encodeSnapshot(a.move('b').snapshot);
  a.depart();
  const b = Agent.restore(bytes, module, { nodeName: 'b' }, { hostModules: [wasi()] });
  b.arrive();
  for (const r of requests.slice(1)) serve(b, r);
  return { responses, lines };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgedancer-agent-docs-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the C agent of docs/agents.md builds as shown and keeps its file across a move', () => {
  writeFileSync(join(dir, 'hits.c'), snippet('### Writing one in C', 'c'));
  build(
    'clang',
    [
      '--target=wasm32-wasi',
      '--sysroot=/usr',
      '-mexec-model=reactor',
      '-O2',
      '-I',
      join(ROOT, 'examples', 'kv-c'),
      '-o',
      'hits.wasm',
      'hits.c',
    ],
    'clang lld wasi-libc libclang-rt-dev-wasm32',
  );
  const { responses, lines } = serveAndMove(new Uint8Array(readFileSync(join(dir, 'hits.wasm'))), ['first', 'second']);
  assert.deepEqual(responses, ['6 bytes of hits', '13 bytes of hits']);
  assert.deepEqual(lines, ['hit: first', 'hit: second']);
  assert.ok(
    DOC.includes("'first'                  # 6 bytes of hits") &&
      DOC.includes("'second'                 # 13 bytes of hits"),
  );
});

test('the Rust agent of docs/agents.md builds as shown and keeps its HashMap and file across a move', () => {
  writeFileSync(join(dir, 'words.rs'), snippet('### Writing one in Rust', 'rust'));
  const rustc = existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc';
  build(
    rustc,
    ['--edition', '2021', '--target', 'wasm32-wasi', '--crate-type', 'cdylib', '-O', '-o', 'words.wasm', 'words.rs'],
    'rustc libstd-rust-dev-wasm32',
  );
  const wasm = new Uint8Array(readFileSync(join(dir, 'words.wasm')));
  assert.deepEqual(wasiConfigOf(new Module(wasm), wasm).args, ['words']);
  const { responses, lines } = serveAndMove(wasm, ['a', 'b', 'a']);
  assert.deepEqual(responses, ['a x1', 'b x1', 'a x2']);
  assert.deepEqual(lines, ['seen a 1 times', 'seen b 1 times', 'seen a 2 times']);
});
