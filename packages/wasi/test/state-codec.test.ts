/**
 * The WASI host state as bytes: round trips with open files, canonical output, continued clocks, and rejection
 * of malformed input with typed errors (every truncation, every single-byte corruption) that leaves the host as
 * it was.
 * @module
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ClockId,
  type FileSystem,
  MEMORY_FS_STATE_VERSION,
  MemoryFileSystem,
  OFlags,
  WASI_STATE_VERSION,
  WasiHost,
  WasiStateError,
} from '@edgedancer/wasi';
import { CallHarness } from './support/call-harness.js';

const SANDBOX = 3;

/** A host mid-way through some work: files, a directory, an unlinked open file, a renumbered descriptor. */
function busyHost(): CallHarness {
  const fs = new MemoryFileSystem({ now: () => 0n });
  fs.writeFile('data/in.txt', 'input text');
  fs.addSymlink('link', 'data/in.txt');
  const h = new CallHarness({
    args: ['prog', 'x'],
    env: ['A=1'],
    stdin: 'pending stdin',
    deterministic: { seed: 9, step: 3n },
    preopens: { '/sandbox': fs, '/again': fs },
  });
  const [, a] = h.open(SANDBOX, 'data/in.txt');
  h.read(a, 5);
  const [, b] = h.open(SANDBOX, 'out.txt', OFlags.creat, undefined, 1);
  h.write(b, 'written');
  h.openDir(SANDBOX, 'data');
  const [, c] = h.open(SANDBOX, 'gone.txt', OFlags.creat);
  h.write(c, 'unlinked but open');
  h.call('path_unlink_file', SANDBOX, ...h.str('gone.txt'));
  h.openDir(SANDBOX, 'data');
  if (h.call('fd_renumber', c, 9) !== 0) throw new Error('renumber');
  h.read(0, 4);
  h.call('random_get', h.alloc(8), 8);
  h.call('clock_time_get', ClockId.realtime, 0, h.alloc(8));
  return h;
}

describe('WASI host state', () => {
  it('round-trips to the same bytes, and the restored host continues where the first stood', () => {
    const h = busyHost();
    const bytes = h.wasi.exportState();
    assert.deepEqual([...bytes.subarray(0, 8)], [0x57, 0x41, 0x53, 0x49, WASI_STATE_VERSION, 0, 0, 0]);
    const copy = new CallHarness();
    copy.wasi.importState(bytes);
    assert.deepEqual(copy.wasi.exportState(), bytes);
    // Both continue identically.
    for (const x of [h, copy]) {
      assert.deepEqual(x.read(5, 100), [0, ' text']);
      assert.deepEqual(x.read(9, 100), [0, '']);
      x.call('fd_seek', 9, 0, 0, x.alloc(8));
      assert.deepEqual(x.read(9, 100), [0, 'unlinked but open']);
      assert.deepEqual(x.read(0, 100), [0, 'ing stdin']);
      const t = x.alloc(8);
      x.call('clock_time_get', ClockId.monotonic, 0, t);
      assert.equal(x.u64(t), 3n);
    }
    assert.deepEqual(copy.wasi.exportState(), h.wasi.exportState());
    // One file system mounted twice stays one file system.
    assert.equal(copy.wasi.fileSystems.length, 1);
    assert.deepEqual([...copy.wasi.preopens().keys()], ['/sandbox', '/again']);
  });

  it('equal states give equal bytes whatever the order of operations that made them', () => {
    const make = (order: string[]): Uint8Array => {
      const fs = new MemoryFileSystem({ now: () => 0n });
      for (const name of order) fs.writeFile(name, name);
      // Equal ids need equal creation order; names enter directories in any order.
      return new WasiHost({ deterministic: true, preopens: { '/s': fs } }).exportState();
    };
    assert.deepEqual(make(['a', 'b']), make(['a', 'b']));
    const one = new MemoryFileSystem({ now: () => 0n });
    one.writeFile('z', '1');
    one.writeFile('a', '2');
    const decoded = MemoryFileSystem.fromState(one.exportState());
    assert.deepEqual([...decoded.tree().keys()], ['a', 'z']);
    assert.deepEqual(decoded.exportState(), one.exportState());
  });

  it('host clocks continue across export and import without going back', () => {
    const h = new CallHarness();
    const t = h.alloc(8);
    h.call('clock_time_get', ClockId.monotonic, 0, t);
    const before = h.u64(t);
    const copy = new CallHarness();
    copy.wasi.importState(h.wasi.exportState());
    const t2 = copy.alloc(8);
    copy.call('clock_time_get', ClockId.monotonic, 0, t2);
    assert.ok(copy.u64(t2) >= before);
    assert.ok(copy.u64(t2) - before < 1_000_000_000n);
  });

  it('hostSection() is the snapshot section shape', () => {
    const s = busyHost().wasi.hostSection();
    assert.equal(s.name, 'wasi');
    assert.equal(s.version, WASI_STATE_VERSION);
    assert.ok(s.bytes.length > 100);
  });

  it('rejects every truncation and trailing bytes with a WasiStateError, leaving the host unchanged', () => {
    const bytes = busyHost().wasi.exportState();
    const target = new CallHarness({ args: ['keep'], deterministic: true });
    const before = target.wasi.exportState();
    for (let n = 0; n < bytes.length; n++) {
      assert.throws(() => target.wasi.importState(bytes.subarray(0, n)), WasiStateError, `prefix ${n}`);
    }
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    assert.throws(
      () => target.wasi.importState(longer),
      (e: unknown) => e instanceof WasiStateError && e.code === 'trailing-bytes',
    );
    assert.deepEqual(target.wasi.exportState(), before);
  });

  it('rejects or accepts every single-byte corruption without any other exception', () => {
    const bytes = busyHost().wasi.exportState();
    let rejected = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = bytes.slice();
        bad[i]! ^= flip;
        try {
          new CallHarness().wasi.importState(bad);
        } catch (e) {
          assert.ok(e instanceof WasiStateError, `byte ${i}: ${String(e)}`);
          rejected++;
        }
      }
    }
    assert.ok(rejected > bytes.length);
  });

  it('names what is wrong: magic, version, descriptors, backends', () => {
    const h = busyHost();
    const bytes = h.wasi.exportState();
    const code = (b: Uint8Array, wasi = new WasiHost()): string => {
      try {
        wasi.importState(b);
        return 'accepted';
      } catch (e) {
        return (e as WasiStateError).code;
      }
    };
    const bad = bytes.slice();
    bad[0] = 0;
    assert.equal(code(bad), 'bad-magic');
    const v2 = bytes.slice();
    v2[4] = 2;
    assert.equal(code(v2), 'bad-version');
    const other: FileSystem = Object.assign(
      Object.create(MemoryFileSystem.prototype) as MemoryFileSystem,
      new MemoryFileSystem(),
      { kind: 'elsewhere' },
    );
    const withOther = new WasiHost({ preopens: { '/x': other } }).exportState();
    assert.equal(code(withOther), 'unsupported-backend');
    assert.equal(
      code(withOther, new WasiHost({ decodeFileSystem: (_k, b) => MemoryFileSystem.fromState(b) })),
      'accepted',
    );
  });
});

describe('memory file system state', () => {
  function fsBytes(build: (fs: MemoryFileSystem) => void): Uint8Array {
    const fs = new MemoryFileSystem({ now: () => 7n });
    build(fs);
    return fs.exportState();
  }

  it('is versioned and self-consistent', () => {
    const b = fsBytes((fs) => {
      fs.writeFile('a/b/c', 'x');
      fs.addSymlink('a/l', 'b');
    });
    assert.equal(new DataView(b.buffer).getUint32(0, true), MEMORY_FS_STATE_VERSION);
    assert.deepEqual(MemoryFileSystem.fromState(b).exportState(), b);
  });

  it('rejects links to missing nodes, directories with two names, detached cycles and orphans nobody holds', () => {
    const code = (b: Uint8Array): string => {
      try {
        new WasiHost().importState(new WasiHost({ preopens: { '/s': MemoryFileSystem.fromState(b) } }).exportState());
        return 'accepted';
      } catch (e) {
        return (e as WasiStateError).code;
      }
    };
    // Hand-built states: root 1 and whatever else, with ids and entries written directly.
    const build = (nodes: [number, number, number, [string, number][]][], nextId = 10): Uint8Array => {
      const out: number[] = [];
      const u32 = (v: number): void => {
        out.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24);
      };
      const u64 = (): void => {
        for (let i = 0; i < 8; i++) out.push(0);
      };
      const str = (s: string): void => {
        u32(s.length);
        for (const ch of s) out.push(ch.charCodeAt(0));
      };
      u32(1);
      u32(1);
      u32(nextId);
      u32(nodes.length);
      for (const [id, type, parent, entries] of nodes) {
        u32(id);
        out.push(type);
        u64();
        u64();
        u64();
        if (type === 3) {
          u32(parent);
          u32(entries.length);
          for (const [name, child] of entries) {
            str(name);
            u32(child);
          }
        } else {
          u32(0);
        }
      }
      return new Uint8Array(out);
    };
    const decode = (b: Uint8Array): string => {
      try {
        MemoryFileSystem.fromState(b);
        return 'accepted';
      } catch (e) {
        return (e as WasiStateError).code;
      }
    };
    assert.equal(
      decode(
        build([
          [1, 3, 1, [['f', 2]]],
          [2, 4, 0, []],
        ]),
      ),
      'accepted',
    );
    assert.equal(decode(build([[1, 3, 1, [['f', 5]]]])), 'bad-value');
    assert.equal(
      decode(
        build([
          [
            1,
            3,
            1,
            [
              ['d', 2],
              ['e', 2],
            ],
          ],
          [2, 3, 1, []],
        ]),
      ),
      'bad-value',
    );
    assert.equal(
      decode(
        build([
          [1, 3, 1, [['d', 2]]],
          [2, 3, 3, []],
        ]),
      ),
      'bad-value',
    );
    assert.equal(
      decode(
        build([
          [1, 3, 1, []],
          [2, 3, 3, [['x', 3]]],
          [3, 3, 2, [['y', 2]]],
        ]),
      ),
      'bad-value',
    );
    assert.equal(
      decode(
        build([
          [
            1,
            3,
            1,
            [
              ['b', 2],
              ['a', 3],
            ],
          ],
          [2, 4, 0, []],
          [3, 4, 0, []],
        ]),
      ),
      'non-canonical',
    );
    assert.equal(
      decode(
        build([
          [2, 4, 0, []],
          [1, 3, 1, []],
        ]),
      ),
      'non-canonical',
    );
    assert.equal(
      decode(
        build([
          [1, 3, 1, [['..', 2]]],
          [2, 4, 0, []],
        ]),
      ),
      'bad-value',
    );
    assert.equal(
      decode(
        build(
          [
            [1, 3, 1, [['f', 2]]],
            [2, 4, 0, []],
          ],
          2,
        ),
      ),
      'bad-value',
    );
    assert.equal(
      decode(
        build([
          [1, 3, 1, []],
          [2, 9, 0, []],
        ]),
      ),
      'bad-value',
    );
    // An unlinked file is fine while a descriptor holds it, and refused when nothing does.
    assert.equal(
      code(
        build([
          [1, 3, 1, []],
          [2, 4, 0, []],
        ]),
      ),
      'bad-value',
    );
  });
});
