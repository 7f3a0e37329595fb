/**
 * The memory file system's limits: `maxFileSize` (`fbig`) and `maxTotalSize` (`nospc` once all files together
 * would need more room; room comes back when files shrink or go), and `WasiOptions.memoryFileSystem` keeping
 * them on the file systems `importState` rebuilds (a migrated program keeps its limits).
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFileSystem, WasiError, WasiHost } from '../src/index.js';

const errno =
  (name: string) =>
  (e: unknown): boolean =>
    e instanceof WasiError && e.code === name;

test('maxTotalSize: nospc beyond it, room again after a truncate or an unlink', () => {
  const fs = new MemoryFileSystem({ maxFileSize: 600, maxTotalSize: 1000 });
  const root = fs.root();
  const a = fs.createFile(root, 'a');
  const b = fs.createFile(root, 'b');
  assert.equal(fs.write(a, 0, new Uint8Array(600)), 600);
  assert.throws(() => fs.write(a, 600, new Uint8Array(1)), errno('fbig'));
  assert.equal(fs.write(b, 0, new Uint8Array(400)), 400);
  assert.throws(() => fs.write(b, 400, new Uint8Array(1)), errno('nospc'));
  assert.throws(() => fs.setSize(b, 401), errno('nospc'));
  fs.setSize(a, 0);
  assert.equal(fs.write(b, 400, new Uint8Array(1)), 1, 'a truncate gives the room back');
  fs.unlinkFile(root, 'a');
  assert.equal(fs.write(b, 401, new Uint8Array(199)), 199);
  assert.throws(() => new MemoryFileSystem({ maxTotalSize: -1 }), RangeError);
});

test('the limits of memory file systems rebuilt by importState', () => {
  const fs = new MemoryFileSystem();
  fs.writeFile('f', 'x'.repeat(100));
  const state = new WasiHost({ preopens: { '/': fs } }).exportState();
  const host = WasiHost.fromState(state, { memoryFileSystem: { maxTotalSize: 150, maxFileSize: 120 } });
  const restored = host.fileSystems[0] as MemoryFileSystem;
  assert.equal(restored.maxTotalSize, 150);
  assert.equal(restored.maxFileSize, 120);
  const node = restored.lookup(restored.root(), 'f')!;
  assert.throws(() => restored.write(node, 100, new Uint8Array(30)), errno('fbig'));
  const g = restored.createFile(restored.root(), 'g');
  assert.throws(() => restored.write(g, 0, new Uint8Array(60)), errno('nospc'));
});
