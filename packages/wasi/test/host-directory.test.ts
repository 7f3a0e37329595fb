/**
 * The real-directory backend: the guest cannot leave the directory (through `..`, absolute paths or symlinks
 * the host placed there), renames keep open descriptors and known paths right, and its state restores onto the
 * same or a moved directory — except for unlinked files a descriptor held, which a restore refuses.
 * @module
 */

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Errno, OFlags, WasiHost, WasiStateError } from '@edgedancer/wasi';
import { HOST_DIRECTORY_STATE_VERSION, HostDirectory, hostDirectoryDecoder } from '../src/host-directory.js';
import { CallHarness } from './support/call-harness.js';

const SANDBOX = 3;
let base: string;
let root: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'edgedancer-hostdir-'));
  root = join(base, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), 'outside');
  writeFileSync(join(root, 'sub', 'f.txt'), 'inside');
  symlinkSync('/etc', join(root, 'etc'));
  symlinkSync('../secret.txt', join(root, 'escape'));
  symlinkSync('sub/f.txt', join(root, 'ok'));
});

afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

describe('HostDirectory', () => {
  it('refuses to mount what is not a directory', () => {
    assert.throws(() => new HostDirectory(join(base, 'secret.txt')), TypeError);
    assert.throws(() => new HostDirectory(join(base, 'none')), TypeError);
  });

  it('keeps the guest inside: .., absolute paths and symlinks out are notcapable', () => {
    const h = new CallHarness({ preopens: { '/d': new HostDirectory(root) } });
    assert.equal(h.open(SANDBOX, '../secret.txt')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, 'sub/../../secret.txt')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, '/etc/passwd')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, 'etc/passwd')[0], Errno.notcapable);
    assert.equal(h.open(SANDBOX, 'escape')[0], Errno.notcapable);
    assert.equal(h.call('path_filestat_get', SANDBOX, 1, ...h.str('escape'), h.alloc(64)), Errno.notcapable);
    const [, fd] = h.open(SANDBOX, 'ok');
    assert.deepEqual(h.read(fd, 10), [0, 'inside']);
    // Creating through a link that leaves is refused too.
    assert.equal(h.open(SANDBOX, 'etc/new', OFlags.creat)[0], Errno.notcapable);
  });

  it('keeps descriptors and known paths right across renames and unlinks', () => {
    const h = new CallHarness({ preopens: { '/d': new HostDirectory(root) } });
    const [, fd] = h.open(SANDBOX, 'sub/f.txt');
    const [, dir] = h.openDir(SANDBOX, 'sub');
    assert.equal(h.call('path_rename', SANDBOX, ...h.str('sub'), SANDBOX, ...h.str('moved')), 0);
    assert.deepEqual(h.read(fd, 3), [0, 'ins']);
    const [, again] = h.open(dir, 'f.txt');
    assert.deepEqual(h.read(again, 10), [0, 'inside']);
    assert.equal(h.call('path_unlink_file', dir, ...h.str('f.txt')), 0);
    assert.deepEqual(h.read(fd, 10), [0, 'ide']);
    assert.equal(h.open(dir, 'f.txt')[0], Errno.noent);
  });

  it('restores from its state, onto the same directory or a copy elsewhere', () => {
    const h = new CallHarness({ deterministic: true, preopens: { '/d': new HostDirectory(root) } });
    const [, fd] = h.open(SANDBOX, 'sub/f.txt');
    h.read(fd, 2);
    const [, out] = h.open(SANDBOX, 'out.txt', OFlags.creat);
    h.write(out, 'one ');
    const state = h.wasi.exportState();
    const same = new CallHarness({ decodeFileSystem: hostDirectoryDecoder() });
    same.wasi.importState(state);
    assert.deepEqual(same.wasi.exportState(), state);
    assert.deepEqual(same.read(fd, 10), [0, 'side']);
    same.write(out, 'two');
    assert.equal(readFileSync(join(root, 'out.txt'), 'utf8'), 'one two');
    const copy = join(base, 'copy');
    cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
    const moved = new CallHarness({ decodeFileSystem: hostDirectoryDecoder(() => copy) });
    moved.wasi.importState(state);
    // The state was taken before "two": the moved copy writes at the offset it recorded.
    moved.write(out, '!');
    assert.equal(readFileSync(join(copy, 'out.txt'), 'utf8'), 'one !wo');
    assert.equal(readFileSync(join(root, 'out.txt'), 'utf8'), 'one two');
  });

  it('a restore refuses state holding an unlinked file, and state of unknown kinds', () => {
    const h = new CallHarness({ preopens: { '/d': new HostDirectory(root) } });
    const [, fd] = h.open(SANDBOX, 'sub/f.txt');
    assert.equal(h.call('path_unlink_file', SANDBOX, ...h.str('sub/f.txt')), 0);
    assert.deepEqual(h.read(fd, 10), [0, 'inside']);
    const state = h.wasi.exportState();
    assert.throws(
      () => new WasiHost({ decodeFileSystem: hostDirectoryDecoder() }).importState(state),
      (e: unknown) => e instanceof WasiStateError && e.code === 'bad-value',
    );
    assert.throws(
      () => new WasiHost().importState(state),
      (e: unknown) => e instanceof WasiStateError && e.code === 'unsupported-backend',
    );
  });

  it('its own state rejects paths that leave the directory', () => {
    const dir = new HostDirectory(root);
    const b = dir.exportState();
    assert.equal(new DataView(b.buffer).getUint32(0, true), HOST_DIRECTORY_STATE_VERSION);
    const forged = (path: string): Uint8Array => {
      const text = new TextEncoder().encode(root);
      const p = new TextEncoder().encode(path);
      const out = new Uint8Array(4 + 4 + text.length + 4 + 4 + 9 + 9 + p.length);
      const dv = new DataView(out.buffer);
      let at = 0;
      dv.setUint32(at, 1, true);
      at += 4;
      dv.setUint32(at, text.length, true);
      at += 4;
      out.set(text, at);
      at += text.length;
      dv.setUint32(at, 10, true);
      at += 4;
      dv.setUint32(at, 2, true);
      at += 4;
      dv.setUint32(at, 1, true);
      at += 4;
      out[at++] = 1;
      dv.setUint32(at, 0, true);
      at += 4;
      dv.setUint32(at, 2, true);
      at += 4;
      out[at++] = 1;
      dv.setUint32(at, p.length, true);
      at += 4;
      out.set(p, at);
      return out;
    };
    assert.ok(HostDirectory.fromState(forged('sub/f.txt')));
    for (const bad of ['../secret.txt', '/etc', 'sub/../..', 'a//b', './x']) {
      assert.throws(() => HostDirectory.fromState(forged(bad)), WasiStateError, bad);
    }
  });
});
