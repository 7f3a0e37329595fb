/**
 * Errors a user meets: each is one line naming the command, with its code once and no stack; a usage error
 * is that line plus a one-line hint; a failure exits 1, a usage error 64.
 * @module
 */

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { provisionPlatform, VendorRoot } from '@edgedancer/enclave-sim';
import { usageHint } from '../src/cli.js';
import { errorLine } from '../src/io.js';
import { createOperatorKey, publicKeyPathOf } from '../src/node/operator-key.js';
import { edgedancer } from './spawn-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'edgedancer-errors-'));
const OPERATOR_KEY = join(dir, 'operator-key.pem');
createOperatorKey(OPERATOR_KEY);

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack');
  return lines[0]!;
}

test('errorLine: Node system errors and typed errors carry their code once', () => {
  const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x.wasm'"), {
    code: 'ENOENT',
    syscall: 'open',
    path: 'x.wasm',
    errno: -2,
  });
  assert.equal(errorLine(enoent), 'no such file or directory: x.wasm (ENOENT)');
  const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:80'), {
    code: 'EADDRINUSE',
    syscall: 'listen',
    address: '127.0.0.1',
    port: 80,
  });
  assert.equal(errorLine(inUse), 'address already in use: 127.0.0.1:80 (EADDRINUSE)');
  assert.equal(
    errorLine(Object.assign(new Error('bad-key: the key is bad'), { code: 'bad-key' })),
    'the key is bad (bad-key)',
  );
  assert.equal(
    errorLine(Object.assign(new Error('mismatch (module-mismatch)'), { code: 'module-mismatch' })),
    'mismatch (module-mismatch)',
  );
  assert.equal(errorLine(new Error('first\n    at somewhere')), 'first');
  assert.equal(errorLine('plain'), 'plain');
});

test('a usage error is one line and a one-line hint, exit 64', () => {
  const r = edgedancer(['run', '--bogus']);
  assert.equal(r.status, 64);
  const lines = r.stderr.trimEnd().split('\n');
  assert.deepEqual(lines.length, 2, r.stderr);
  assert.equal(lines[0], 'edgedancer run: unknown option --bogus');
  assert.match(lines[1]!, /^usage: edgedancer run .*\(see 'edgedancer run --help'\)$/);
  assert.equal(usageHint('x', 'usage: edgedancer x A\n\nmore'), "usage: edgedancer x A  (see 'edgedancer x --help')");
  const unknown = edgedancer(['frobnicate']);
  assert.equal(unknown.status, 64);
  assert.equal(unknown.stderr.trimEnd().split('\n').length, 2);
});

test('a missing file: one line with ENOENT once', () => {
  const run = edgedancer(['run', join(dir, 'none.wasm'), '--invoke', 'f']);
  assert.equal(run.status, 1);
  const line = oneLine(run.stderr);
  assert.match(line, /^edgedancer run: cannot read .*none\.wasm: no such file or directory: .*none\.wasm \(ENOENT\)$/);
  assert.equal(line.split('ENOENT').length, 2);
  const sign = edgedancer([
    'sign',
    join(dir, 'none.wasm'),
    '--key',
    join(dir, 'none.key'),
    '--out',
    join(dir, 'm.json'),
  ]);
  assert.equal(sign.status, 1);
  assert.equal(oneLine(sign.stderr).split('ENOENT').length, 2, sign.stderr);
  const deploy = edgedancer([
    'deploy',
    join(dir, 'none.wasm'),
    '--manifest',
    join(dir, 'none.json'),
    '--node',
    'http://127.0.0.1:1/',
    '--operator-key',
    OPERATOR_KEY,
  ]);
  assert.equal(deploy.status, 1);
  assert.match(
    oneLine(deploy.stderr),
    /^edgedancer( deploy)?: no such file or directory: .*none\.(json|wasm) \(ENOENT\)$/,
  );
  const ps = edgedancer(['ps', '--node', 'http://127.0.0.1:1/', '--operator-key', OPERATOR_KEY]);
  assert.equal(ps.status, 1);
  assert.match(oneLine(ps.stderr), /\(ECONNREFUSED\)$/);
});

test('a port already taken: one line with EADDRINUSE, exit 1', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const platformDir = join(dir, 'platform');
    provisionPlatform(VendorRoot.open(join(dir, 'vendor')), platformDir);
    const r = edgedancer([
      'node',
      '--name',
      'n1',
      '--port',
      String(port),
      '--state-dir',
      join(dir, 'state'),
      '--platform-dir',
      platformDir,
      '--operator-key-file',
      publicKeyPathOf(OPERATOR_KEY),
    ]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(oneLine(r.stderr), /^edgedancer node: .*\(EADDRINUSE\)$/);
  } finally {
    server.close();
  }
});
