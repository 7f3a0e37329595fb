/**
 * A guest that tries to leave its host directories: two mounts of the same directory, nested mounts, `..`,
 * absolute and relative symlinks, chains and loops, and a directory swapped for a symlink — by the guest through
 * another mount, by another process between two calls, and between any two steps of one call. Each attempt is
 * refused with the errno POSIX or WASI gives, nothing outside changes, and legitimate access keeps working.
 * Real directories under the system's temporary directory.
 * @module
 */

import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Errno, type FileSystem, OFlags, WasiHost, WasiStateError } from '@edgedancer/wasi';
import { HostDirectory, hostDirectoryDecoder } from '../src/host-directory.js';
import { CallHarness } from './support/call-harness.js';

const A = 3;
const B = 4;
let base: string;
let root: string;
let outside: string;
const mounts: HostDirectory[] = [];

function mount(path: string): HostDirectory {
  const d = new HostDirectory(path);
  mounts.push(d);
  return d;
}

/** Two preopens: `/a` at fd 3 and `/b` at fd 4. */
function twoMounts(a: string, b: string): CallHarness {
  return new CallHarness({ preopens: { '/a': mount(a), '/b': mount(b) } });
}

/** Opens for writing, truncating (or creating); returns `[errno, fd]`. */
function openForWrite(h: CallHarness, dir: number, path: string, create = false): [number, number] {
  return h.open(dir, path, OFlags.trunc | (create ? OFlags.creat : 0));
}

function symlink(h: CallHarness, dir: number, target: string, name: string): number {
  return h.call('path_symlink', ...h.str(target), dir, ...h.str(name));
}

function rename(h: CallHarness, dir: number, from: string, to: string): number {
  return h.call('path_rename', dir, ...h.str(from), dir, ...h.str(to));
}

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'edgedancer-attack-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'sub', 'f.txt'), 'inside');
  writeFileSync(join(outside, 'f.txt'), 'outside');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  writeFileSync(join(base, 'victim.txt'), 'untouched');
});

afterEach(() => {
  for (const m of mounts.splice(0)) m.close();
  rmSync(base, { recursive: true, force: true });
});

function outsideIntact(): void {
  assert.equal(readFileSync(join(outside, 'f.txt'), 'utf8'), 'outside');
  assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'secret');
  assert.equal(readFileSync(join(base, 'victim.txt'), 'utf8'), 'untouched');
  assert.equal(existsSync(join(outside, 'new.txt')), false);
}

describe('HostDirectory under attack', () => {
  it('the same directory mounted twice: a directory swapped for a symlink through the other mount is not followed', () => {
    const h = twoMounts(root, root);
    const [e, sub] = h.openDir(A, 'sub');
    assert.equal(e, 0);
    // Through /b: move sub away and put a link to /etc (then to a directory outside) in its place.
    assert.equal(rename(h, B, 'sub', 'sub2'), 0);
    assert.equal(symlink(h, B, '/etc', 'sub'), 0);
    assert.equal(h.open(sub, 'passwd')[0], Errno.notdir);
    assert.equal(h.open(A, 'sub/passwd')[0], Errno.notcapable);
    assert.equal(h.call('path_unlink_file', B, ...h.str('sub')), 0);
    assert.equal(symlink(h, B, outside, 'sub'), 0);
    assert.equal(openForWrite(h, sub, 'secret.txt')[0], Errno.notdir);
    assert.equal(openForWrite(h, sub, 'new.txt', true)[0], Errno.notdir);
    assert.equal(openForWrite(h, A, 'sub/secret.txt')[0], Errno.notcapable);
    outsideIntact();
    // Legitimate access through either mount still works.
    assert.deepEqual(h.read(h.open(A, 'sub2/f.txt')[1], 10), [0, 'inside']);
    assert.deepEqual(h.read(h.open(B, 'sub2/f.txt')[1], 10), [0, 'inside']);
  });

  it('nested mounts: the inner mount stays on its directory when the outer one renames it and links its old name out', () => {
    const h = twoMounts(root, join(root, 'sub'));
    assert.equal(rename(h, A, 'sub', 'moved'), 0);
    assert.equal(symlink(h, A, join(base, 'outside'), 'sub'), 0);
    assert.equal(h.open(B, 'secret.txt')[0], Errno.noent);
    assert.equal(openForWrite(h, B, 'f.txt')[0], 0, 'the inner mount follows its directory');
    assert.equal(openForWrite(h, B, '../victim.txt')[0], Errno.notcapable);
    assert.equal(openForWrite(h, B, 'new.txt', true)[0], 0);
    assert.equal(existsSync(join(root, 'moved', 'new.txt')), true);
    assert.equal(existsSync(join(root, 'moved', 'f.txt')), true);
    outsideIntact();
  });

  it('a restore refuses a mount whose path the guest turned into a symlink', () => {
    const h = twoMounts(root, join(root, 'sub'));
    assert.equal(rename(h, A, 'sub', 'moved'), 0);
    assert.equal(symlink(h, A, outside, 'sub'), 0);
    const state = h.wasi.exportState();
    const restored = new WasiHost({ decodeFileSystem: hostDirectoryDecoder() });
    assert.throws(
      () => restored.importState(state),
      (e: unknown) => e instanceof WasiStateError && e.code === 'bad-value',
    );
    // Put back as a real directory (inside the outer mount), the state restores there.
    assert.equal(h.call('path_unlink_file', A, ...h.str('sub')), 0);
    assert.equal(rename(h, A, 'moved', 'sub'), 0);
    restored.importState(state);
    for (const fs of restored.fileSystems) (fs as HostDirectory).close();
    outsideIntact();
  });

  it('refuses /etc/passwd and files above both mounts through .. and absolute paths', () => {
    const h = twoMounts(join(root, 'sub'), root);
    for (const dir of [A, B]) {
      assert.equal(h.open(dir, '/etc/passwd')[0], Errno.notcapable);
      assert.equal(h.open(dir, '../../../../../../etc/passwd')[0], Errno.notcapable);
      assert.equal(openForWrite(h, dir, '../victim.txt')[0], Errno.notcapable);
      assert.equal(openForWrite(h, dir, '../../victim.txt')[0], Errno.notcapable);
      assert.equal(openForWrite(h, dir, 'x/../../victim.txt', true)[0], Errno.noent);
    }
    const [, sub] = h.openDir(B, 'sub');
    assert.equal(openForWrite(h, sub, '../../victim.txt')[0], Errno.notcapable);
    assert.equal(h.call('path_create_directory', sub, ...h.str('../../evil')), Errno.notcapable);
    assert.equal(h.call('path_unlink_file', sub, ...h.str('../../victim.txt')), Errno.notcapable);
    assert.equal(h.call('path_rename', sub, ...h.str('f.txt'), sub, ...h.str('../../victim.txt')), Errno.notcapable);
    outsideIntact();
    assert.deepEqual(h.read(h.open(B, 'sub/../sub/f.txt')[1], 10), [0, 'inside']);
  });

  it('symlinks: absolute, relative escapes, chains and loops', () => {
    const h = twoMounts(root, join(root, 'sub'));
    assert.equal(symlink(h, A, '/etc/passwd', 'abs'), 0);
    assert.equal(symlink(h, A, '../victim.txt', 'up'), 0);
    assert.equal(symlink(h, A, '..', 'parent'), 0);
    assert.equal(symlink(h, A, 'c2', 'c1'), 0);
    assert.equal(symlink(h, A, 'sub/c3', 'c2'), 0);
    assert.equal(symlink(h, B, '../up', 'c3'), 0);
    assert.equal(symlink(h, A, 'ok2', 'ok1'), 0);
    assert.equal(symlink(h, A, 'sub/f.txt', 'ok2'), 0);
    assert.equal(symlink(h, A, 'loop2', 'loop1'), 0);
    assert.equal(symlink(h, A, 'loop1', 'loop2'), 0);
    assert.equal(symlink(h, A, 'self', 'self'), 0);
    // Host-made links, as a shared directory may hold.
    symlinkSync(outside, join(root, 'sub', 'out'));
    symlinkSync('../../outside/f.txt', join(root, 'sub', 'rel'));
    for (const name of ['abs', 'up', 'parent/victim.txt', 'c1', 'sub/out/f.txt', 'sub/rel']) {
      assert.equal(h.open(A, name)[0], Errno.notcapable, name);
      assert.equal(openForWrite(h, A, name, true)[0], Errno.notcapable, name);
    }
    // In the inner mount the chain's `..` would leave it.
    assert.equal(h.open(B, 'c3')[0], Errno.notcapable);
    assert.equal(h.open(B, 'rel')[0], Errno.notcapable);
    assert.equal(h.open(A, 'loop1')[0], Errno.loop);
    assert.equal(h.open(A, 'self')[0], Errno.loop);
    assert.equal(h.open(A, 'self/x')[0], Errno.loop);
    // Without symlink_follow the last link is not followed: O_NOFOLLOW's answer.
    assert.equal(h.open(A, 'ok1', 0, undefined, 0, 0)[0], Errno.loop);
    outsideIntact();
    assert.deepEqual(h.read(h.open(A, 'ok1')[1], 10), [0, 'inside']);
  });

  it('a directory renamed and replaced by a symlink by another process is not followed', () => {
    const h = twoMounts(root, root);
    const [, sub] = h.openDir(A, 'sub');
    renameSync(join(root, 'sub'), join(root, 'sub2'));
    symlinkSync(outside, join(root, 'sub'));
    assert.equal(h.open(sub, 'f.txt')[0], Errno.notdir);
    assert.equal(openForWrite(h, sub, 'f.txt')[0], Errno.notdir);
    assert.equal(h.open(A, 'sub/f.txt')[0], Errno.notcapable);
    assert.equal(h.call('path_filestat_get', A, 0, ...h.str('sub'), h.alloc(64)), 0, 'the link itself may be examined');
    outsideIntact();
  });

  it('a swap between any two steps of a call never reaches outside', () => {
    // The file system proxy swaps root/sub for a link to `outside` just before its k-th operation, for every k a
    // call makes: between the walk's check of `sub` and its use, between lookup and open, and so on.
    for (const write of [false, true]) {
      for (let k = 0; ; k++) {
        rmSync(join(root, 'sub'), { recursive: true, force: true });
        rmSync(join(root, 'sub2'), { recursive: true, force: true });
        mkdirSync(join(root, 'sub'));
        writeFileSync(join(root, 'sub', 'f.txt'), 'inside');
        const d = mount(root);
        let calls = 0;
        let swapped = false;
        const racing = new Proxy(d, {
          get(target, key) {
            const v = Reflect.get(target, key) as unknown;
            if (typeof v !== 'function') return v;
            return (...args: unknown[]) => {
              if (calls++ === k) {
                renameSync(join(root, 'sub'), join(root, 'sub2'));
                symlinkSync(outside, join(root, 'sub'));
                swapped = true;
              }
              return (v as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        }) as FileSystem;
        const h = new CallHarness({ preopens: { '/a': racing } });
        const [e, fd] = write ? openForWrite(h, A, 'sub/f.txt') : h.open(A, 'sub/f.txt');
        if (e === 0) {
          if (write) assert.equal(h.write(fd, 'pwned')[0], 0);
          else assert.notEqual(h.read(fd, 10)[1], 'outside', `swap before operation ${k}`);
        } else {
          assert.ok(
            ([Errno.notdir, Errno.notcapable, Errno.loop, Errno.noent] as number[]).includes(e),
            `errno ${e} at ${k}`,
          );
        }
        outsideIntact();
        if (!swapped) break;
      }
    }
  });
});
