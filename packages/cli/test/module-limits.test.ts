/**
 * The host's admission scan of a module (`checkModuleLimits`): size, magic and version, sections that fit, and
 * every memory, defined or imported, within the node's page cap — without compiling the module.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NodeError } from '../src/node/http-io.js';
import { checkModuleLimits } from '../src/node/module-limits.js';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const limits = { maxModuleBytes: 1 << 20, maxMemoryPages: 256 };
const mod = (...sections: number[][]): Uint8Array => new Uint8Array([...HEADER, ...sections.flat()]);
const section = (id: number, body: number[]): number[] => [id, body.length, ...body];
const name = (s: string): number[] => [s.length, ...Buffer.from(s)];
const code = (c: string) => (e: unknown): boolean => e instanceof NodeError && e.code === c;

describe('module admission scan', () => {
  it('takes a module within the limits and reports its largest memory', () => {
    assert.equal(checkModuleLimits(mod(), limits), 0);
    assert.equal(checkModuleLimits(mod(section(5, [1, 0x01, 2, 10])), limits), 2);
    // a custom section, an imported function and table, and an imported memory of 7 pages
    const imports = section(2, [3, ...name('m'), ...name('f'), 0x00, 0, ...name('m'), ...name('t'), 0x01, 0x70, 0x00, 1, ...name('m'), ...name('mem'), 0x02, 0x00, 7]);
    assert.equal(checkModuleLimits(mod(section(0, [...name('x'), 9, 9]), section(1, [1, 0x60, 0, 0]), imports), limits), 7);
  });

  it('refuses memories over the cap, defined or imported, and memory64 minimums', () => {
    assert.throws(() => checkModuleLimits(mod(section(5, [1, 0x00, 0x81, 0x02])), limits), code('memory-too-large')); // 257 pages
    assert.throws(() => checkModuleLimits(mod(section(2, [1, ...name('m'), ...name('mem'), 0x02, 0x00, 0x80, 0x80, 0x04])), limits), code('memory-too-large')); // 65536
    assert.throws(() => checkModuleLimits(mod(section(5, [1, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])), limits), code('memory-too-large'));
  });

  it('refuses what is not a WebAssembly binary, cheaply, and modules over the size limit', () => {
    assert.throws(() => checkModuleLimits(new Uint8Array([1, 2, 3]), limits), code('bad-module'));
    assert.throws(() => checkModuleLimits(new Uint8Array([...HEADER.slice(0, 4), 2, 0, 0, 0]), limits), code('bad-module'));
    assert.throws(() => checkModuleLimits(mod([5, 100, 1]), limits), code('bad-module')); // a section longer than the module
    assert.throws(() => checkModuleLimits(mod(section(5, [2, 0x00, 1])), limits), code('bad-module')); // entries past the section
    assert.throws(() => checkModuleLimits(mod(section(5, [1, 0x00, 1, 0])), limits), code('bad-module')); // bytes left over
    assert.throws(() => checkModuleLimits(mod(section(5, [0]), section(5, [0])), limits), code('bad-module')); // twice
    assert.throws(() => checkModuleLimits(mod(section(14, [])), limits), code('bad-module'));
    assert.throws(() => checkModuleLimits(mod([5, 0xff, 0xff, 0xff, 0xff, 0x7f]), limits), code('bad-module')); // LEB over 32 bits
    assert.throws(() => checkModuleLimits(new Uint8Array(limits.maxModuleBytes + 1), limits), code('module-too-large'));
  });
});
