/**
 * Property: for random sequences of path operations (mkdir, rmdir, unlink, create and write, rename, symlink,
 * link, read, stat) issued through the WASI functions, the in-memory file system behaves as Linux does — the
 * host-directory backend over a real temporary directory is the oracle. Every errno, every read and the final
 * trees must agree; the in-memory state must survive an export/import round trip with identical bytes.
 * @module
 */

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FstFlags, MemoryFileSystem, OFlags, Rights } from '@edgedancer/wasi';
import fc from 'fast-check';
import { HostDirectory } from '../src/host-directory.js';
import { CallHarness } from './support/call-harness.js';
import { treeOfDirectory, treeOfMemory } from './support/outcome.js';

const SANDBOX = 3;
const FILE_RIGHTS = Rights.fd_read | Rights.fd_write | Rights.fd_seek | Rights.fd_filestat_get;

type Op =
  | { op: 'mkdir' | 'rmdir' | 'unlink' | 'read' | 'stat' | 'lstat'; path: string }
  | { op: 'write'; path: string; text: string; append: boolean }
  | { op: 'rename' | 'link'; path: string; to: string }
  | { op: 'symlink'; target: string; path: string };

const component = fc.constantFrom('a', 'b', 'c');
const intermediate = fc.oneof(
  { weight: 12, arbitrary: component },
  { weight: 1, arbitrary: fc.constant('..') },
  { weight: 1, arbitrary: fc.constant('.') },
);
const path = fc
  .tuple(fc.array(intermediate, { minLength: 0, maxLength: 2 }), component, fc.nat(9))
  .map(([dirs, last, slash]) => [...dirs, last].join('/') + (slash === 0 ? '/' : ''));

/** The tree both backends start from. */
const START_DIRS = ['a', 'a/b', 'b'];
const START_FILES: Record<string, string> = { c: 'C', 'a/c': 'AC', 'b/a': 'BA', 'a/b/c': 'ABC' };
const target = fc.oneof(path, fc.constantFrom('../a', 'a/b', 'missing', 'c/../a'));

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constantFrom('mkdir', 'mkdir', 'rmdir', 'unlink', 'read', 'stat', 'lstat') as fc.Arbitrary<'mkdir'>,
    path,
  }),
  fc.record({ op: fc.constant('write' as const), path, text: fc.string({ maxLength: 12 }), append: fc.boolean() }),
  fc.record({ op: fc.constantFrom('rename', 'link') as fc.Arbitrary<'rename'>, path, to: path }),
  fc.record({ op: fc.constant('symlink' as const), target, path }),
);

/** Applies one op through WASI; returns what the guest would observe. */
function apply(h: CallHarness, o: Op): string {
  const s = (p: string): [number, number] => h.str(p);
  switch (o.op) {
    case 'mkdir':
      return `${h.call('path_create_directory', SANDBOX, ...s(o.path))}`;
    case 'rmdir':
      return `${h.call('path_remove_directory', SANDBOX, ...s(o.path))}`;
    case 'unlink':
      return `${h.call('path_unlink_file', SANDBOX, ...s(o.path))}`;
    case 'rename':
      return `${h.call('path_rename', SANDBOX, ...s(o.path), SANDBOX, ...s(o.to))}`;
    case 'link':
      return `${h.call('path_link', SANDBOX, 0, ...s(o.path), SANDBOX, ...s(o.to))}`;
    case 'symlink':
      return `${h.call('path_symlink', ...s(o.target), SANDBOX, ...s(o.path))}`;
    case 'write': {
      const [e, fd] = h.open(
        SANDBOX,
        o.path,
        OFlags.creat | (o.append ? 0 : OFlags.trunc),
        FILE_RIGHTS,
        o.append ? 1 : 0,
      );
      if (e !== 0) return `open ${e}`;
      const [we, n] = h.write(fd, o.text);
      h.call('fd_close', fd);
      return `write ${we} ${n}`;
    }
    case 'read': {
      const [e, fd] = h.open(SANDBOX, o.path, 0, FILE_RIGHTS);
      if (e !== 0) return `open ${e}`;
      const [re, text] = h.read(fd, 1000);
      h.call('fd_close', fd);
      return `read ${re} ${text}`;
    }
    case 'stat':
    case 'lstat': {
      const st = h.alloc(64);
      const e = h.call('path_filestat_get', SANDBOX, o.op === 'stat' ? 1 : 0, ...s(o.path), st);
      if (e !== 0) return `stat ${e}`;
      const type = h.u8[st + 16]!;
      // Directory sizes and link counts are the backend's own; file and symlink sizes are not.
      return type === 3 ? 'dir' : `type ${type} size ${h.u64(st + 32)} nlink ${h.u64(st + 24)}`;
    }
  }
}

describe('in-memory file system against Linux through WASI', () => {
  it('random operation sequences give the same results and trees', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 30 }), (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'edgedancer-wasi-prop-'));
        try {
          const memory = new MemoryFileSystem({ now: () => 0n });
          for (const d of START_DIRS) {
            memory.mkdir(d);
            mkdirSync(join(dir, d));
          }
          for (const [p, text] of Object.entries(START_FILES)) {
            memory.writeFile(p, text);
            writeFileSync(join(dir, p), text);
          }
          const mem = new CallHarness({ deterministic: true, preopens: { '/s': memory } });
          const host = new CallHarness({ deterministic: true, preopens: { '/s': new HostDirectory(dir) } });
          ops.forEach((o, i) => {
            assert.equal(apply(mem, o), apply(host, o), `op ${i}: ${JSON.stringify(o)}`);
          });
          assert.deepEqual(treeOfMemory(memory), treeOfDirectory(dir));
          const bytes = memory.exportState();
          assert.deepEqual(MemoryFileSystem.fromState(bytes).exportState(), bytes);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('times set through WASI read back the same on both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgedancer-wasi-prop-'));
    try {
      for (const fs of [new MemoryFileSystem(), new HostDirectory(dir)]) {
        const h = new CallHarness({ preopens: { '/s': fs } });
        h.open(SANDBOX, 'f', OFlags.creat);
        assert.equal(
          h.call(
            'path_filestat_set_times',
            SANDBOX,
            0,
            ...h.str('f'),
            1_000_000_000n,
            2_000_000_000n,
            FstFlags.atim | FstFlags.mtim,
          ),
          0,
        );
        const st = h.alloc(64);
        h.call('path_filestat_get', SANDBOX, 0, ...h.str('f'), st);
        assert.deepEqual([h.u64(st + 40), h.u64(st + 48)], [1_000_000_000n, 2_000_000_000n]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
