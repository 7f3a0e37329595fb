/**
 * The host's admission scan of a module (`checkModuleLimits`): size, magic and version, sections that fit, and
 * every memory, defined or imported, within the node's page cap — without compiling the module.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAgentImports } from '../src/node/agent-imports.js';
import { NodeError } from '../src/node/http-io.js';
import { checkModuleLimits } from '../src/node/module-limits.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const limits = { maxModuleBytes: 1 << 20, maxMemoryPages: 256 };
const mod = (...sections: number[][]): Uint8Array => new Uint8Array([...HEADER, ...sections.flat()]);
const section = (id: number, body: number[]): number[] => [id, body.length, ...body];
const name = (s: string): number[] => [s.length, ...Buffer.from(s)];
const code =
  (c: string) =>
  (e: unknown): boolean =>
    e instanceof NodeError && e.code === c;

describe('module admission scan', () => {
  it('takes a module within the limits and reports its largest memory', () => {
    assert.equal(checkModuleLimits(mod(), limits).largestMemory, 0);
    assert.equal(checkModuleLimits(mod(section(5, [1, 0x01, 2, 10])), limits).largestMemory, 2);
    // a custom section, an imported function and table, and an imported memory of 7 pages
    const imports = section(2, [
      3,
      ...name('m'),
      ...name('f'),
      0x00,
      0,
      ...name('m'),
      ...name('t'),
      0x01,
      0x70,
      0x00,
      1,
      ...name('m'),
      ...name('mem'),
      0x02,
      0x00,
      7,
    ]);
    assert.equal(
      checkModuleLimits(mod(section(0, [...name('x'), 9, 9]), section(1, [1, 0x60, 0, 0]), imports), limits)
        .largestMemory,
      7,
    );
  });

  it('refuses memories over the cap, defined or imported, and memory64 minimums', () => {
    assert.throws(() => checkModuleLimits(mod(section(5, [1, 0x00, 0x81, 0x02])), limits), code('memory-too-large')); // 257 pages
    assert.throws(
      () => checkModuleLimits(mod(section(2, [1, ...name('m'), ...name('mem'), 0x02, 0x00, 0x80, 0x80, 0x04])), limits),
      code('memory-too-large'),
    ); // 65536
    assert.throws(
      () => checkModuleLimits(mod(section(5, [1, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])), limits),
      code('memory-too-large'),
    );
  });

  it('refuses what is not a WebAssembly binary, cheaply, and modules over the size limit', () => {
    assert.throws(() => checkModuleLimits(new Uint8Array([1, 2, 3]), limits), code('bad-module'));
    assert.throws(
      () => checkModuleLimits(new Uint8Array([...HEADER.slice(0, 4), 2, 0, 0, 0]), limits),
      code('bad-module'),
    );
    assert.throws(() => checkModuleLimits(mod([5, 100, 1]), limits), code('bad-module')); // a section longer than the module
    assert.throws(() => checkModuleLimits(mod(section(5, [2, 0x00, 1])), limits), code('bad-module')); // entries past the section
    assert.throws(() => checkModuleLimits(mod(section(5, [1, 0x00, 1, 0])), limits), code('bad-module')); // bytes left over
    assert.throws(() => checkModuleLimits(mod(section(5, [0]), section(5, [0])), limits), code('bad-module')); // twice
    assert.throws(() => checkModuleLimits(mod(section(14, [])), limits), code('bad-module'));
    assert.throws(() => checkModuleLimits(mod([5, 0xff, 0xff, 0xff, 0xff, 0x7f]), limits), code('bad-module')); // LEB over 32 bits
    assert.throws(() => checkModuleLimits(new Uint8Array(limits.maxModuleBytes + 1), limits), code('module-too-large'));
  });

  it('reads function types and imports, so imports are checked before a launch', () => {
    // (i32 i32)->i32, (i64)->(), (i32)->i32
    const types = section(1, [3, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 1, 0x7e, 0, 0x60, 1, 0x7f, 1, 0x7f]);
    const imp = (module: string, field: string, type: number): number[] =>
      section(2, [1, ...name(module), ...name(field), 0x00, type]);
    const scan = (bytes: Uint8Array) => checkAgentImports(checkModuleLimits(bytes, limits));
    assert.doesNotThrow(() => scan(mod(types, imp('edgedancer', 'migrate', 0))));
    assert.doesNotThrow(() => scan(mod(types, imp('wasi_snapshot_preview1', 'fd_close', 2))));
    assert.throws(() => scan(mod(types, imp('wasi_snapshot_preview1', 'fd_close', 0))), code('bad-import'));
    assert.throws(() => scan(mod(types, imp('env', 'f', 0))), code('bad-import'));
    assert.throws(() => scan(mod(types, imp('edgedancer', 'migrate', 1))), code('bad-import')); // wrong type
    assert.throws(() => scan(mod(types, imp('edgedancer', 'migrate', 7))), code('bad-import')); // no such type
    const memoryImport = section(2, [1, ...name('edgedancer'), ...name('memory'), 0x02, 0x00, 1]);
    assert.throws(() => scan(mod(memoryImport)), code('bad-import'));
    assert.throws(() => checkModuleLimits(mod(section(1, [1, 0x5d, 0])), limits), code('bad-module')); // no such form
    assert.throws(
      () => checkModuleLimits(mod(section(2, [1, 2, 0xff, 0xfe, 1, 0x61, 0x00, 0])), limits),
      code('bad-module'),
    ); // not UTF-8
  });

  it('reads WebAssembly 3.0 GC types by index: recursive groups, sub types, struct and array types', () => {
    // rec { 0: struct (field (mut i8)); 1: sub final array (ref 0) }, 2: (i32 i32)->i32, 3: sub 0 struct (ref null 1)
    const types = section(1, [
      ...[3, 0x4e, 2, 0x5f, 1, 0x78, 0x01, 0x4f, 0, 0x5e, 0x64, 0x00, 0x00],
      ...[0x60, 2, 0x7f, 0x7f, 1, 0x7f],
      ...[0x50, 1, 0x00, 0x5f, 1, 0x63, 0x01, 0x00],
    ]);
    const imp = (type: number): number[] => section(2, [1, ...name('edgedancer'), ...name('migrate'), 0x00, type]);
    const scan = (bytes: Uint8Array) => checkAgentImports(checkModuleLimits(bytes, limits));
    assert.doesNotThrow(() => scan(mod(types, imp(2))));
    for (const t of [0, 1, 3]) assert.throws(() => scan(mod(types, imp(t))), code('bad-import'), `type ${t}`);
    const cut = section(1, [1, 0x4e, 2, 0x5f, 1, 0x78, 0x01]); // the group promises two types and has one
    assert.throws(() => checkModuleLimits(mod(cut), limits), code('bad-module'));
    const badMut = section(1, [1, 0x5e, 0x7f, 0x02]);
    assert.throws(() => checkModuleLimits(mod(badMut), limits), code('bad-module'));
  });
});
