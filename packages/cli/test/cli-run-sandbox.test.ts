/**
 * The attack of the node-hardening issue, as a real guest under `edgedancer run`: the same host directory
 * mounted twice (`--dir D::/a --dir D::/b`); through `/b` the guest moves a directory it holds open through `/a`
 * and puts a symlink to `/etc` in its place, then tries to read `passwd` through the held descriptor and to
 * overwrite a file beside the mounts through `..`. Every attempt gets its errno, nothing outside changes, and
 * the legitimate path still works.
 * @module
 */

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Errno, OFlags, RIGHTS_DIRECTORY, RIGHTS_DIRECTORY_INHERITING } from '@edgedancer/wasi';
import { edgedancer } from './spawn-cli.js';

/** Strings the guest uses, at fixed addresses. */
const STRINGS: Record<string, [number, string]> = {
  sub: [200, 'sub'],
  sub2: [210, 'sub2'],
  etc: [220, '/etc'],
  passwd: [230, 'passwd'],
  subPasswd: [240, 'sub/passwd'],
  victim: [260, '../victim.txt'],
  f: [280, 'f.txt'],
  sub2f: [290, 'sub2/f.txt'],
};

function str(name: string): string {
  const [at, text] = STRINGS[name]!;
  return `(i32.const ${at}) (i32.const ${text.length})`;
}

/** `path_open(dir, follow, path, oflags, rights, all rights, 0, &fd at 300)`, its errno printed. */
function open(dir: string, path: string, oflags: number, rights = RIGHTS_DIRECTORY_INHERITING): string {
  return `(call $print (call $path_open ${dir} (i32.const 1) ${str(path)} (i32.const ${oflags})
      (i64.const ${rights}) (i64.const ${RIGHTS_DIRECTORY_INHERITING}) (i32.const 0) (i32.const 300)))`;
}

const GUEST = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ${Object.values(STRINGS)
    .map(([at, text]) => `(data (i32.const ${at}) "${text}")`)
    .join('\n  ')}
  (func $print (param $n i32)
    (local $p i32)
    (local.set $p (i32.const 100))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $d
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $d (local.get $n)))
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (i32.sub (i32.const 101) (local.get $p)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start") (local $held i32)
    ${open('(i32.const 3)', 'sub', OFlags.directory, RIGHTS_DIRECTORY)}
    (local.set $held (i32.load (i32.const 300)))
    (call $print (local.get $held))
    (call $print (call $path_rename (i32.const 4) ${str('sub')} (i32.const 4) ${str('sub2')}))
    (call $print (call $path_symlink ${str('etc')} (i32.const 4) ${str('sub')}))
    ${open('(local.get $held)', 'passwd', 0)}
    ${open('(i32.const 3)', 'subPasswd', 0)}
    ${open('(i32.const 3)', 'victim', OFlags.creat | OFlags.trunc)}
    ${open('(i32.const 4)', 'victim', OFlags.creat | OFlags.trunc)}
    ${open('(local.get $held)', 'f', OFlags.trunc)}
    ${open('(i32.const 4)', 'sub2f', 0)}))`;

test('a guest with the same directory mounted twice cannot read /etc/passwd or write beside the mounts', () => {
  const base = mkdtempSync(join(tmpdir(), 'edgedancer-sandbox-'));
  const d = join(base, 'd');
  mkdirSync(join(d, 'sub'), { recursive: true });
  writeFileSync(join(d, 'sub', 'f.txt'), 'inside');
  writeFileSync(join(base, 'victim.txt'), 'untouched');
  writeFileSync(join(base, 'guest.wat'), GUEST);
  const r = edgedancer(['run', join(base, 'guest.wat'), '--dir', `${d}::/a`, '--dir', `${d}::/b`]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trimEnd().split('\n').map(Number), [
    0,
    5, // open sub through /a (descriptor 5)
    0,
    0, // rename it through /b, link /etc in its place
    Errno.notdir, // passwd through the held descriptor
    Errno.notcapable, // sub/passwd through /a: an absolute link
    Errno.notcapable,
    Errno.notcapable, // ../victim.txt through either mount
    Errno.notdir, // truncating through the held descriptor
    0, // the directory where it now is
  ]);
  assert.equal(readFileSync(join(base, 'victim.txt'), 'utf8'), 'untouched');
  assert.equal(readFileSync(join(d, 'sub2', 'f.txt'), 'utf8'), 'inside');
});
