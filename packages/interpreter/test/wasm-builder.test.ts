/**
 * The `wasm-builder` subpath: LEB128 encoders (boundaries of one-byte forms, the largest u32, negative values),
 * and buildModule (exact bytes of a small module, and modules using every part that Node's own WebAssembly
 * validates and runs).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModule, encodeS32, encodeU32, I, T } from '../src/wasm-builder/index.js';

/** The part of Node's `WebAssembly` these tests use (the package builds without lib `dom`). */
interface HostWebAssembly {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const host = (globalThis as unknown as { WebAssembly: HostWebAssembly }).WebAssembly;

describe('LEB128', () => {
  it('encodes unsigned and signed values', () => {
    assert.deepEqual(encodeU32(0), [0]);
    assert.deepEqual(encodeU32(624485), [0xe5, 0x8e, 0x26]);
    assert.deepEqual(encodeU32(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert.deepEqual(encodeS32(-1), [0x7f]);
    assert.deepEqual(encodeS32(63), [0x3f]);
    assert.deepEqual(encodeS32(64), [0xc0, 0x00]);
    assert.deepEqual(encodeS32(-123456), [0xc0, 0xbb, 0x78]);
  });
});

describe('buildModule', () => {
  it('writes one function without locals, its type and its export', () => {
    const bytes = buildModule({ funcs: [{ params: [T.i32], results: [T.i32], body: I.localGet(0), export: 'id' }] });
    assert.deepEqual(
      [...bytes],
      [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 6, 1, 2, 0x69,
        0x64, 0x00, 0, 10, 6, 1, 4, 0, 0x20, 0, 0x0b,
      ],
    );
  });

  it('leaves out empty sections', () => {
    assert.deepEqual([...buildModule({})], [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  });

  it('builds imports, memory, globals, locals and data that run', () => {
    const bytes = buildModule({
      imports: [{ module: 'env', name: 'twice', params: [T.i32], results: [T.i32] }],
      memory: { min: 1, max: 2 },
      globals: [41],
      funcs: [
        { params: [T.i32], results: [T.i32], export: 'call', body: [...I.localGet(0), ...I.call(0)] },
        {
          params: [],
          results: [T.i32],
          locals: [T.i32],
          export: 'bump',
          body: [
            ...I.globalGet(0),
            ...I.i32Const(1),
            ...I.i32Add,
            ...I.localTee(0),
            ...I.globalSet(0),
            ...I.localGet(0),
          ],
        },
        { params: [], results: [T.i32], export: 'byte', body: [...I.i32Const(1), ...I.i32Load8U()] },
        {
          params: [],
          results: [T.i64],
          export: 'wide',
          body: [...I.i32Const(-1), ...I.i64ExtendI32U, ...I.i64Const(32), ...I.i64Shl],
        },
      ],
      data: [
        { offset: 0, bytes: 'hi' },
        { offset: 8, bytes: new Uint8Array([7]) },
      ],
    });
    assert.ok(host.validate(bytes));
    const { exports } = new host.Instance(new host.Module(bytes), { env: { twice: (x: number) => 2 * x } });
    assert.deepEqual(Object.keys(exports), ['call', 'bump', 'byte', 'wide', 'memory']);
    assert.equal((exports['call'] as (x: number) => number)(21), 42);
    assert.equal((exports['bump'] as () => number)(), 42);
    assert.equal((exports['byte'] as () => number)(), 'i'.charCodeAt(0));
    assert.equal((exports['wide'] as () => bigint)(), -0x100000000n);
  });

  it('shares equal types and can keep the memory unexported', () => {
    const sig = { params: [T.i32, T.i32], results: [] };
    const bytes = buildModule({
      imports: [
        { module: 'env', name: 'a', ...sig },
        { module: 'env', name: 'b', ...sig },
      ],
      memory: { min: 1, export: null },
      funcs: [{ ...sig, body: [] }],
    });
    assert.ok(host.validate(bytes));
    assert.deepEqual([...bytes.subarray(8, 16)], [1, 6, 1, 0x60, 2, 0x7f, 0x7f, 0]);
  });
});
