/**
 * Tests of the facade's `Memory`, `Table` and `Global` objects, each case run on the facade and on Node's own
 * `WebAssembly` and compared: descriptors and their errors, growth and buffer detachment, element and value
 * conversions, sharing between JS and wasm, object identity through imports and exports.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Global, Memory, Table } from '../src/index.js';
import { type Api, exportsOf, fn, same, sameError } from './js-api-helpers.js';

type MemoryLike = { readonly buffer: ArrayBuffer; grow(delta: number): number };
type TableLike = {
  readonly length: number;
  get(i: number): unknown;
  set(i: number, v?: unknown): void;
  grow(n: number, v?: unknown): number;
};
type GlobalLike = { value: unknown; valueOf(): unknown };

const MEMORY_MODULE = `(module
  (import "m" "mem" (memory 1 4))
  (import "m" "seen" (func $seen))
  (data (i32.const 16) "\\2a")
  (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "size") (result i32) memory.size)
  (func (export "growThenCall") (drop (memory.grow (i32.const 1))) (call $seen))
  (export "mem" (memory 0)))`;

describe('Memory', () => {
  it('rejects malformed descriptors like Node', async () => {
    for (const d of [undefined, {}, { initial: -1 }, { initial: 2 ** 32 }, { initial: NaN }, { initial: 1n }, 'x', 5]) {
      await sameError('TypeError', (api) => new api.Memory(d as never), String(d));
    }
    for (const d of [{ initial: 2, maximum: 1 }, { initial: 65537 }, { initial: 1, maximum: 65537 }]) {
      await sameError('RangeError', (api) => new api.Memory(d), JSON.stringify(d));
    }
  });

  it('allocates zeroed pages, truncating fractional sizes', async () => {
    await same((api) => {
      const m = new api.Memory({ initial: 1.9, maximum: 3 }) as MemoryLike;
      const b = m.buffer;
      return [b.byteLength, new Uint8Array(b).every((x) => x === 0), m.buffer === b, Object.prototype.toString.call(m)];
    });
  });

  it('grows, detaching the old buffer and keeping the contents', async () => {
    await same((api) => {
      const m = new api.Memory({ initial: 1, maximum: 3 }) as MemoryLike;
      const old = m.buffer;
      new Uint8Array(old)[100] = 7;
      const r = m.grow(1);
      const now = m.buffer;
      return [r, old.byteLength, now.byteLength, new Uint8Array(now)[100], now === m.buffer];
    });
  });

  it('detaches the buffer on grow(0) too', async () => {
    await same((api) => {
      const m = new api.Memory({ initial: 1 }) as MemoryLike;
      const old = m.buffer;
      new Uint8Array(old)[0] = 9;
      return [m.grow(0), old.byteLength, m.buffer === old, new Uint8Array(m.buffer)[0]];
    });
  });

  it('throws RangeError past the maximum and TypeError for a bad delta', async () => {
    await sameError('RangeError', (api) => (new api.Memory({ initial: 1, maximum: 2 }) as MemoryLike).grow(2));
    await sameError('RangeError', (api) => (new api.Memory({ initial: 1 }) as MemoryLike).grow(65536));
    await sameError('TypeError', (api) => (new api.Memory({ initial: 1 }) as MemoryLike).grow(-1));
    await sameError('TypeError', (api) => api.Memory.prototype.grow.call({}, 1));
  });

  it('is shared with wasm and exported as the same object', async () => {
    await same(async (api) => {
      const mem = new api.Memory({ initial: 1, maximum: 4 }) as MemoryLike;
      const x = await exportsOf(api, MEMORY_MODULE, { m: { mem, seen() {} } });
      new Uint8Array(mem.buffer)[5] = 77;
      fn(x, 'store')(6, 300);
      return [x.mem === mem, fn(x, 'load')(16), fn(x, 'load')(5), new Uint8Array(mem.buffer)[6]];
    });
  });

  it('detaches the buffer JS holds when wasm grows the memory', async () => {
    await same(async (api) => {
      const mem = new api.Memory({ initial: 1, maximum: 4 }) as MemoryLike;
      const x = await exportsOf(api, MEMORY_MODULE, { m: { mem, seen() {} } });
      const old = mem.buffer;
      return [fn(x, 'grow')(1), old.byteLength, mem.buffer.byteLength, fn(x, 'size')(), fn(x, 'grow')(9)];
    });
  });

  it('detaches the buffer JS holds when wasm runs memory.grow 0', async () => {
    await same(async (api) => {
      const mem = new api.Memory({ initial: 1, maximum: 4 }) as MemoryLike;
      const x = await exportsOf(api, MEMORY_MODULE, { m: { mem, seen() {} } });
      const old = mem.buffer;
      return [fn(x, 'grow')(0), old.byteLength, mem.buffer === old];
    });
  });

  it('shows a JS import the grown buffer, and the old one detached', async () => {
    await same(async (api) => {
      const mem = new api.Memory({ initial: 1, maximum: 4 }) as MemoryLike;
      const log: number[] = [];
      let old: ArrayBuffer | undefined;
      const x = await exportsOf(api, MEMORY_MODULE, {
        m: { mem, seen: () => log.push(old!.byteLength, mem.buffer.byteLength) },
      });
      old = mem.buffer;
      fn(x, 'growThenCall')();
      return log;
    });
  });
});

describe('Table', () => {
  const FUNCS = `(module
    (type $i (func (result i32)))
    (import "m" "t" (table 3 funcref))
    (func $seven (export "seven") (result i32) i32.const 7)
    (func $hidden (result i32) i32.const 8)
    (elem (i32.const 1) $hidden)
    (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $i))
    (export "t" (table 0)))`;

  it('rejects malformed descriptors like Node', async () => {
    for (const d of [
      undefined,
      {},
      { element: 'anyfunc' },
      { element: 'i32', initial: 1 },
      { element: 'anyfunc', initial: -1 },
    ]) {
      await sameError('TypeError', (api) => new api.Table(d as never), JSON.stringify(d));
    }
    await sameError('RangeError', (api) => new api.Table({ element: 'anyfunc', initial: 2, maximum: 1 }));
    await sameError('RangeError', (api) => new api.Table({ element: 'anyfunc', initial: 10_000_001 }));
  });

  it('starts with null (anyfunc) or undefined (externref), or the given value', async () => {
    const o = {};
    await same(async (api) => {
      const x = await exportsOf(api, FUNCS, { m: { t: new api.Table({ element: 'anyfunc', initial: 3 }) } });
      const a = new api.Table({ element: 'anyfunc', initial: 2 }) as TableLike;
      const f = new api.Table({ element: 'anyfunc', initial: 2 }, x.seven) as TableLike;
      const e = new api.Table({ element: 'externref', initial: 2 }) as TableLike;
      const v = new api.Table({ element: 'externref', initial: 2 }, o) as TableLike;
      return [a.length, a.get(1), f.get(1) === x.seven, e.get(0), v.get(1) === o, Object.prototype.toString.call(a)];
    });
  });

  it('holds Exported Functions that wasm calls, and wasm functions JS gets', async () => {
    await same(async (api) => {
      const t = new api.Table({ element: 'anyfunc', initial: 3, maximum: 5 }) as TableLike;
      const x = await exportsOf(api, FUNCS, { m: { t } });
      const hidden = t.get(1) as (...a: unknown[]) => unknown;
      t.set(2, x.seven);
      const r = [x.t === t, t.get(0), hidden(), hidden.name, hidden.length, fn(x, 'call')(2), t.get(2) === x.seven];
      t.set(2, null);
      return [...r, t.get(2), t.grow(2, x.seven), t.length, fn(x, 'call')(4)];
    });
  });

  it('throws RangeError out of bounds and TypeError for values that are not Exported Functions', async () => {
    const t = (api: Api) => new api.Table({ element: 'anyfunc', initial: 2, maximum: 3 }) as TableLike;
    await sameError('RangeError', (api) => t(api).get(2));
    await sameError('RangeError', (api) => t(api).set(2, null));
    await sameError('RangeError', (api) => t(api).grow(2));
    await sameError('TypeError', (api) => t(api).get(-1));
    await sameError('TypeError', (api) => t(api).set(0, () => 1));
    await sameError('TypeError', (api) => t(api).set(0, {}));
    await sameError('TypeError', (api) => t(api).grow(1, 5));
  });

  it('stores any JS value in externref tables', async () => {
    const o = { k: 1 };
    await same((api) => {
      const t = new api.Table({ element: 'externref', initial: 1 }) as TableLike;
      t.set(0, o);
      const r = [t.get(0) === o, t.grow(2, 'x'), t.get(2), t.length];
      t.set(1, null);
      t.set(2, 5n);
      return [...r, t.get(1), t.get(2)];
    });
  });

  it('treats an explicit undefined as a missing value', () => {
    const t = new Table({ element: 'anyfunc', initial: 1 });
    t.set(0, undefined);
    assert.equal(t.get(0), null);
    assert.equal(new Table({ element: 'funcref', initial: 1 }).get(0), null);
  });
});

describe('Global', () => {
  it('rejects malformed descriptors and v128 like Node', async () => {
    for (const d of [undefined, {}, { value: 'i8' }, { value: 'v128' }]) {
      await sameError('TypeError', (api) => new api.Global(d as never), JSON.stringify(d));
    }
    await sameError('TypeError', (api) => new api.Global({ value: 'i64' }, 5));
    await sameError('TypeError', (api) => new api.Global({ value: 'i32' }, 5n));
    await sameError('TypeError', (api) => new api.Global({ value: 'anyfunc' }, () => 1));
  });

  it('converts values like Node and defaults to zero', async () => {
    await same((api) => {
      const g = (value: string, ...v: unknown[]) => (new api.Global({ value } as never, ...v) as GlobalLike).value;
      return [
        g('i32'),
        g('i64'),
        g('f32'),
        g('f64'),
        g('anyfunc'),
        g('i32', 2 ** 32 + 3),
        g('i64', -1n),
        g('f32', 0.1),
        g('f64', 0.1),
        g('i64', '12'),
        g('f32', NaN),
        g('externref', null),
      ];
    });
  });

  it('sets mutable globals, throws TypeError for immutable ones', async () => {
    await same((api) => {
      const g = new api.Global({ value: 'f32', mutable: true }, 1) as GlobalLike;
      g.value = 1 / 3;
      const h = new api.Global({ value: 'i64', mutable: true }) as GlobalLike;
      h.value = 2n ** 64n - 1n;
      return [g.value, g.valueOf(), h.value, Object.prototype.toString.call(g)];
    });
    await sameError('TypeError', (api) => {
      (new api.Global({ value: 'i32' }, 1) as GlobalLike).value = 2;
    });
    await sameError('TypeError', (api) => {
      (new api.Global({ value: 'i64', mutable: true }) as GlobalLike).value = 2;
    });
  });

  it('is shared with wasm and exported as the same object', async () => {
    const text = `(module (import "m" "g" (global $g (mut i64)))
      (global $h (export "h") (mut f64) (f64.const 1.5)) (global (export "c") i32 (i32.const 9))
      (func (export "bump") (global.set $g (i64.add (global.get $g) (i64.const 1))))
      (func (export "readH") (result f64) global.get $h)
      (export "g" (global $g)))`;
    await same(async (api) => {
      const g = new api.Global({ value: 'i64', mutable: true }, 41n) as GlobalLike;
      const x = await exportsOf(api, text, { m: { g } });
      fn(x, 'bump')();
      const r = [g.value, x.g === g, (x.h as GlobalLike).value, (x.c as GlobalLike).value];
      (x.h as GlobalLike).value = -2;
      g.value = 5n;
      fn(x, 'bump')();
      return [...r, fn(x, 'readH')(), g.value];
    });
    await sameError('TypeError', async (api) => {
      (
        (await exportsOf(api, text, { m: { g: new api.Global({ value: 'i64', mutable: true }) } })).c as GlobalLike
      ).value = 1;
    });
  });

  it('defaults externref globals to undefined, as the JS API now says', () => {
    assert.equal(new Global({ value: 'externref' }).value, undefined);
    assert.equal(new Global({ value: 'externref' }, null).value, null);
    assert.equal(new Global({ value: 'funcref' }).value, null);
  });
});

describe('brand checks', () => {
  it('throw TypeError for methods called on other objects', async () => {
    await sameError('TypeError', (api) => Reflect.get(api.Memory.prototype, 'buffer', {}));
    await sameError('TypeError', (api) => api.Table.prototype.get.call({}, 0));
    await sameError('TypeError', (api) => Reflect.get(api.Global.prototype, 'value', {}));
    await sameError('TypeError', (api) => Reflect.get(api.Instance.prototype, 'exports', {}));
    assert.throws(
      () => Memory.prototype.grow.call(new Table({ element: 'anyfunc', initial: 0 }) as never, 0),
      TypeError,
    );
  });
});
