/**
 * The threads proposal's atomic instructions against V8 (Node's own WebAssembly), which implements them:
 * every load, store and read-modify-write at every width on a shared and an unshared memory, with values that
 * stress sign and zero extension and wrapping, aligned and unaligned addresses, addresses at and past the end,
 * and offsets; results, traps and the memory afterwards must be the same. Then the validation rules (natural
 * alignment exactly, a memory needed, operand types), the fence, and wait/notify on unshared memory.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { ATOMIC_FIRST, ATOMIC_LAST, atomicMnemonic, atomicWidthLog2 } from '../src/atomic-compile.js';
import { CompileError, Module, RuntimeError, Store, WebAssembly as W } from '../src/index.js';
import { prng } from './support/prng.js';

/** Node's own WebAssembly (V8), the reference. */
const V8 = (
  globalThis as unknown as {
    WebAssembly: {
      instantiate(b: Uint8Array): Promise<{ instance: { exports: unknown } }>;
      validate(b: Uint8Array): boolean;
    };
  }
).WebAssembly;

/** One atomic memory access: its mnemonic, operand type, width and kind. */
interface Access {
  name: string;
  type: 'i32' | 'i64';
  bytes: number;
  kind: 'load' | 'store' | 'rmw' | 'cmpxchg';
}

const ACCESSES: Access[] = [];
for (let sub = ATOMIC_FIRST; sub <= ATOMIC_LAST; sub++) {
  const name = atomicMnemonic(sub);
  const i = sub - ATOMIC_FIRST;
  ACCESSES.push({
    name,
    type: name.startsWith('i32') ? 'i32' : 'i64',
    bytes: 1 << atomicWidthLog2(sub),
    kind:
      i < 7 ? 'load' : i < 14 ? 'store' : name.endsWith('cmpxchg') || name.endsWith('cmpxchg_u') ? 'cmpxchg' : 'rmw',
  });
}

function exportFor(a: Access, k: number, offset: number): string {
  const t = a.type;
  const off = offset === 0 ? '' : ` offset=${offset}`;
  switch (a.kind) {
    case 'load':
      return `(func (export "f${k}") (param i32) (result ${t}) (${a.name}${off} (local.get 0)))`;
    case 'store':
      return `(func (export "f${k}") (param i32 ${t}) (${a.name}${off} (local.get 0) (local.get 1)))`;
    case 'rmw':
      return `(func (export "f${k}") (param i32 ${t}) (result ${t}) (${a.name}${off} (local.get 0) (local.get 1)))`;
    default:
      return `(func (export "f${k}") (param i32 ${t} ${t}) (result ${t}) (${a.name}${off} (local.get 0) (local.get 1) (local.get 2)))`;
  }
}

async function moduleText(shared: boolean, offset: number): Promise<Uint8Array> {
  const funcs = ACCESSES.map((a, k) => exportFor(a, k, offset)).join('\n');
  return parse(`(module (memory (export "mem") 1 2${shared ? ' shared' : ''})
    (func (export "fill") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
    ${funcs})`);
}

type Fn = (...args: unknown[]) => unknown;

function outcome(f: () => unknown): unknown {
  try {
    const v = f();
    return { value: typeof v === 'bigint' ? BigInt.asIntN(64, v) : v };
  } catch (e) {
    const msg = String((e as Error).message);
    return { trap: /unaligned/.test(msg) ? 'unaligned' : /out of bounds/.test(msg) ? 'oob' : msg };
  }
}

const INTERESTING32 = [
  0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, 0x12345678, -0x21524111,
];
const INTERESTING64 = [
  0n,
  1n,
  -1n,
  0xffn,
  0xffffn,
  0xffffffffn,
  0x100000000n,
  0x7fffffffffffffffn,
  -0x8000000000000000n,
  0x0123456789abcdefn,
  -0x0123456789abcdefn,
];

for (const shared of [true, false]) {
  for (const offset of [0, 6]) {
    test(`every atomic access matches V8 (${shared ? 'shared' : 'unshared'} memory, offset ${offset})`, async () => {
      const bytes = await moduleText(shared, offset);
      const ours = (await W.instantiate(bytes)).instance.exports as Record<string, Fn>;
      const theirs = (await V8.instantiate(bytes)).instance.exports as unknown as Record<string, Fn>;
      const memOurs = ours['mem'] as unknown as { buffer: ArrayBufferLike };
      const memTheirs = theirs['mem'] as unknown as { buffer: ArrayBufferLike };
      const next = prng(shared ? 11 + offset : 29 + offset);
      const rnd = { u32: next, next: () => next() / 2 ** 32, int: (n: number) => next() % n };
      const val = (t: 'i32' | 'i64'): number | bigint => {
        if (t === 'i32') return rnd.next() < 0.5 ? INTERESTING32[rnd.int(INTERESTING32.length)]! : rnd.u32() | 0;
        return rnd.next() < 0.5
          ? INTERESTING64[rnd.int(INTERESTING64.length)]!
          : BigInt.asIntN(64, (BigInt(rnd.u32()) << 32n) | BigInt(rnd.u32()));
      };
      const addrs = [
        0,
        1,
        2,
        3,
        4,
        8,
        12,
        16,
        100,
        65536 - 8 - offset,
        65536 - 4 - offset,
        65536 - 2 - offset,
        65536 - 1 - offset,
        65536 - offset,
        65536,
        0xfffffff8,
        -8,
      ];
      for (let round = 0; round < 6; round++) {
        for (let k = 0; k < ACCESSES.length; k++) {
          const a = ACCESSES[k]!;
          for (const addr of addrs) {
            const fill = val('i64');
            for (const e of [ours, theirs]) (e['fill'] as Fn)(addr & 0xfff8, fill);
            const args: unknown[] = [addr];
            if (a.kind !== 'load') args.push(val(a.type));
            if (a.kind === 'cmpxchg') {
              // Half the time the expected value is what memory holds (so the exchange happens).
              const cur = outcome(() =>
                (
                  theirs[
                    `f${ACCESSES.findIndex((x) => x.kind === 'load' && x.type === a.type && x.bytes === a.bytes)}`
                  ] as Fn
                )(addr),
              );
              if (rnd.next() < 0.5 && 'value' in (cur as object)) args[1] = (cur as { value: unknown }).value;
              args.push(val(a.type));
            }
            const got = outcome(() => ours[`f${k}`]!(...args));
            const want = outcome(() => theirs[`f${k}`]!(...args));
            assert.deepEqual(got, want, `${a.name} offset=${offset} ${args.map(String).join(' ')}`);
          }
        }
        assert.deepEqual(new Uint8Array(memOurs.buffer), new Uint8Array(memTheirs.buffer), 'memory after the round');
      }
    });
  }
}

test('validation: alignment must be natural exactly, a memory is needed, operands are typed', async () => {
  for (const a of ACCESSES) {
    const natural = Math.log2(a.bytes);
    for (const align of [natural - 1, natural + 1]) {
      if (align < 0) continue;
      const text = exportFor(a, 0, 0).replace(`(${a.name}`, `(${a.name} align=${1 << align}`);
      const bytes = await parse(`(module (memory 1 1 shared) ${text})`).catch(() => null);
      if (bytes === null) continue; // the text parser refused it already
      assert.throws(
        () => new Module(bytes),
        (e: unknown) => e instanceof CompileError && /atomic alignment must be natural/.test(e.message),
        a.name,
      );
      // (V8 refuses only alignments above the natural one; the proposal requires the natural one exactly.)
      if (align > natural) assert.equal(V8.validate(bytes), false);
    }
    const noMem = await parse(`(module ${exportFor(a, 0, 0)})`).catch(() => null);
    if (noMem !== null) assert.throws(() => new Module(noMem), /unknown memory/, a.name);
  }
  const wrong = await parse('(module (memory 1 1) (func (result i32) (i32.atomic.load (i32.const 0))))');
  wrong[wrong.length - 5] = 0x11; // i32.atomic.load → i64.atomic.load: the result is an i64 where an i32 is due
  assert.throws(() => new Module(wrong), CompileError);
  assert.throws(
    () =>
      new Module(
        Uint8Array.from([
          0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 7, 1, 5, 0, 0xfe, 0x03, 0x01, 0x0b,
        ]),
      ),
    /zero byte expected/,
  );
  assert.throws(
    () =>
      new Module(
        Uint8Array.from([
          0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 6, 1, 4, 0, 0xfe, 0x4f, 0x0b,
        ]),
      ),
    /illegal opcode fe 4f/,
  );
});

test('fence without a memory; wait on unshared memory traps; notify there wakes nobody', async () => {
  const bytes = await parse(`(module (memory 1 1)
    (func (export "fence") (atomic.fence))
    (func (export "wait32") (param i32) (result i32) (memory.atomic.wait32 (local.get 0) (i32.const 0) (i64.const 0)))
    (func (export "wait64") (param i32) (result i32) (memory.atomic.wait64 (local.get 0) (i64.const 0) (i64.const 0)))
    (func (export "notify") (param i32) (result i32) (memory.atomic.notify (local.get 0) (i32.const 1))))`);
  const fence = await parse('(module (func (export "fence") (atomic.fence)))');
  const e = (await W.instantiate(bytes)).instance.exports as Record<string, Fn>;
  assert.equal((await W.instantiate(fence)).instance.exports['fence'] !== undefined, true);
  ((await W.instantiate(fence)).instance.exports['fence'] as Fn)();
  e['fence']!();
  assert.throws(
    () => e['wait32']!(0),
    (x: unknown) => x instanceof RuntimeError && /expected shared memory/.test(x.message),
  );
  assert.throws(() => e['wait64']!(8), /expected shared memory/);
  assert.throws(() => e['wait32']!(2), /unaligned atomic/);
  assert.throws(() => e['wait64']!(65536), /out of bounds/);
  assert.equal(e['notify']!(0), 0);
  assert.throws(() => e['notify']!(1), /unaligned atomic/);
  assert.throws(() => e['notify']!(65536), /out of bounds/);
});

test('a shared memory import must be shared, an unshared one unshared', async () => {
  const store = new Store();
  const sharedMem = store.memory({ limits: { min: 1, max: 1 }, shared: true });
  const plainMem = store.memory({ limits: { min: 1, max: 1 } });
  const wantShared = new Module(await parse('(module (import "m" "m" (memory 1 1 shared)))'));
  const wantPlain = new Module(await parse('(module (import "m" "m" (memory 1 1)))'));
  store.instantiate(wantShared, [sharedMem]);
  store.instantiate(wantPlain, [plainMem]);
  assert.throws(() => store.instantiate(wantShared, [plainMem]), /incompatible import type/);
  assert.throws(() => store.instantiate(wantPlain, [sharedMem]), /incompatible import type/);
});
