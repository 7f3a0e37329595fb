/**
 * Tests of the JS-API facade (`instantiate`, `Instance`, Exported Functions, imports), each case run on the
 * facade and on Node's own `WebAssembly` with the same module and imports, comparing results and error kinds.
 * Facade-only behaviour (spec trap messages, Promises from imports, `callAsync`) is tested on its own.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  callAsync,
  compile,
  defaultStore,
  type ExportedFunction,
  instantiate,
  Module,
  RuntimeError,
  TrapCode,
  validate,
} from '../src/index.js';
import { type Api, exportsOf, type Fn, fn, node, ours, same, sameError, wat } from './js-api-helpers.js';

const IDENTITIES = `(module
  (func (export "i32") (param i32) (result i32) local.get 0)
  (func (export "i64") (param i64) (result i64) local.get 0)
  (func (export "f32") (param f32) (result f32) local.get 0)
  (func (export "f64") (param f64) (result f64) local.get 0)
  (func (export "f32bits") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
  (func (export "f64bits") (param f64) (result i64) local.get 0 i64.reinterpret_f64)
  (func (export "f32nan") (result f32) i32.const 0x7fa00001 f32.reinterpret_i32)
  (func (export "f64nan") (result f64) i64.const 0xfff0000000000001 f64.reinterpret_i64)
  (func (export "externref") (param externref) (result externref) local.get 0)
  (func (export "funcref") (param funcref) (result funcref) local.get 0)
  (func (export "isNull") (param externref) (result i32) local.get 0 ref.is_null))`;

/** Calls export `name` of the identity module with each input on both engines and compares. */
async function convertsLike(name: string, inputs: readonly unknown[]): Promise<void> {
  for (const input of inputs) {
    await same(async (api) => fn(await exportsOf(api, IDENTITIES), name)(input), `${name}(${String(input)})`);
  }
}

describe('exports object and Exported Functions', () => {
  const text = `(module
    (func $add (export "add") (export "plus") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "none"))
    (memory (export "mem") 1) (table (export "tab") 1 funcref) (global (export "g") i32 (i32.const 3)))`;

  it('is a frozen, null-prototype object with the exports in module order', async () => {
    await same(async (api) => {
      const x = await exportsOf(api, text);
      const d = Object.getOwnPropertyDescriptor(x, 'add')!;
      return {
        keys: Object.keys(x),
        proto: Object.getPrototypeOf(x),
        frozen: Object.isFrozen(x),
        desc: [d.writable, d.enumerable, d.configurable],
        kinds: Object.values(x).map((v) => typeof v),
        tags: Object.values(x).map((v) => Object.prototype.toString.call(v)),
      };
    });
  });

  it('gives functions named by index, with length = parameter count, not constructible', async () => {
    await same(async (api) => {
      const x = await exportsOf(api, text);
      const add = fn(x, 'add');
      let constructs = true;
      try {
        Reflect.construct(add, []);
      } catch (e) {
        constructs = !(e instanceof TypeError);
      }
      return [
        add.name,
        add.length,
        fn(x, 'none').length,
        'prototype' in add,
        constructs,
        add(2, 3),
        add(2),
        add(1, 2, 3),
      ];
    });
  });

  it('gives the same function object for the same function, within and across instances', async () => {
    await same(async (api) => {
      const x = await exportsOf(api, text);
      const y = await exportsOf(
        api,
        `(module (import "m" "f" (func $f (param i32 i32) (result i32)))
        (export "f" (func $f)) (table (export "t") 1 funcref) (elem (i32.const 0) $f))`,
        { m: { f: x.add } },
      );
      const t = y.t as { get(i: number): unknown };
      return [x.add === x.plus, y.f === x.add, t.get(0) === x.add, x.mem === x.mem];
    });
  });

  it('resolves instantiate(bytes) to { module, instance } and instantiate(module) to an Instance', async () => {
    await same(async (api) => {
      const bytes = await wat(text);
      const source = await api.instantiate(bytes);
      const instance = await api.instantiate(source.module);
      return [
        Object.keys(source),
        source.module instanceof api.Module,
        source.instance instanceof api.Instance,
        instance instanceof api.Instance,
        Object.keys(instance.exports),
        Object.prototype.toString.call(instance),
        new api.Instance(source.module).exports.g instanceof api.Global,
      ];
    });
  });
});

describe('value conversions', () => {
  const valueOf7 = { valueOf: () => 7 };

  it('converts i32 arguments with ToInt32 and returns Numbers', async () => {
    await convertsLike('i32', [
      0,
      -0,
      1.9,
      -1.9,
      2 ** 31,
      2 ** 32 + 5,
      -(2 ** 31) - 1,
      NaN,
      Infinity,
      '12',
      true,
      null,
      undefined,
      valueOf7,
      'x',
    ]);
  });

  it('rejects BigInt and Symbol for number types', async () => {
    for (const name of ['i32', 'f32', 'f64']) {
      await sameError('TypeError', async (api) => fn(await exportsOf(api, IDENTITIES), name)(1n));
      await sameError('TypeError', async (api) => fn(await exportsOf(api, IDENTITIES), name)(Symbol('s')));
    }
  });

  it('converts i64 with ToBigInt64 and returns BigInts', async () => {
    await convertsLike('i64', [0n, -1n, 2n ** 63n, -(2n ** 63n) - 1n, 2n ** 64n + 3n, '123', '-0x10', true, false]);
    for (const bad of [5, undefined, null, Symbol('s')]) {
      await sameError('TypeError', async (api) => fn(await exportsOf(api, IDENTITIES), 'i64')(bad), String(bad));
    }
    await sameError('SyntaxError', async (api) => fn(await exportsOf(api, IDENTITIES), 'i64')('1.5'));
  });

  it('rounds f32 to nearest-even single precision and passes f64 exactly', async () => {
    const tie = 1 + 2 ** -24;
    await convertsLike('f32', [
      0.1,
      -0,
      1e40,
      -1e40,
      3.4028235677973366e38,
      tie,
      tie + 2 ** -52,
      2 ** -149,
      2 ** -150,
      NaN,
      Infinity,
      '2.5',
      valueOf7,
    ]);
    await convertsLike('f64', [0.1, -0, Number.MAX_VALUE, Number.MIN_VALUE, NaN, -Infinity, '1e3']);
  });

  it('passes NaN in and out as Numbers', async () => {
    await convertsLike('f32bits', [NaN, -0, 1]);
    await convertsLike('f64bits', [NaN, -0, 1]);
    await same(async (api) => {
      const x = await exportsOf(api, IDENTITIES);
      return [fn(x, 'f32nan')(), fn(x, 'f64nan')()];
    });
  });

  it('passes any value as externref, null as the null reference', async () => {
    const o = {};
    await same(async (api) => {
      const x = await exportsOf(api, IDENTITIES);
      const id = fn(x, 'externref');
      const isNull = fn(x, 'isNull');
      return [id(o) === o, id(undefined), id(null), id('s'), id(5n), isNull(null), isNull(undefined), isNull(0)];
    });
  });

  it('accepts only Exported Functions or null as funcref', async () => {
    await same(async (api) => {
      const x = await exportsOf(api, IDENTITIES);
      const id = fn(x, 'funcref');
      return [id(x.i32) === x.i32, id(null), id(undefined)];
    });
    for (const bad of [() => 1, {}, 0]) {
      await sameError('TypeError', async (api) => fn(await exportsOf(api, IDENTITIES), 'funcref')(bad));
    }
  });

  it('returns several results as an array', async () => {
    await same(async (api) => {
      const x = await exportsOf(
        api,
        `(module (func (export "three") (result i32 i64 f32)
        i32.const -1 i64.const -2 f32.const 0.1))`,
      );
      return fn(x, 'three')();
    });
  });
});

describe('JS functions as imports', () => {
  const text = `(module
    (import "env" "take" (func $take (param i32 i64 f32 f64 externref funcref)))
    (import "env" "give" (func $give (result i32 i64 f64)))
    (import "env" "one" (func $one (result f32)))
    (func $me (export "me") (result i32) i32.const 9)
    (elem declare func $me)
    (func (export "callTake") (param externref)
      (call $take (i32.const -5) (i64.const -6) (f32.const 0.5) (f64.const 0.25) (local.get 0) (ref.func $me)))
    (func (export "callGive") (result i32 i64 f64) call $give)
    (func (export "callOne") (result f32) call $one)
    (export "take" (func $take)))`;

  /** Imports recording calls, with `give` returning `give()` and `one` returning `one()`. */
  function env(calls: unknown[][], give: () => unknown = () => [1, 2n, 3], one: () => unknown = () => 0.1) {
    return {
      env: {
        take(this: unknown, ...args: unknown[]) {
          calls.push([this, ...args]);
        },
        give,
        one,
      },
    };
  }

  it('are called with converted arguments and this = undefined', async () => {
    const o = { tag: 1 };
    await same(async (api) => {
      const calls: unknown[][] = [];
      const x = await exportsOf(api, text, env(calls));
      fn(x, 'callTake')(o);
      const [self, a, b, c, d, e, f] = calls[0]!;
      return [self, a, b, c, d, e === o, (f as Fn)(), f === x.me];
    });
  });

  it('convert results, several from any iterable', async () => {
    const givers: (() => unknown)[] = [
      () => [1.5, '7', '2.5'],
      () => new Set([4, 5n, 6]),
      function* () {
        yield -1;
        yield 2n ** 64n;
        yield 0.5;
      },
    ];
    for (const give of givers) {
      await same(async (api) => fn(await exportsOf(api, text, env([], give)), 'callGive')());
    }
    await same(async (api) =>
      fn(
        await exportsOf(
          api,
          text,
          env([], undefined, () => 1 / 3),
        ),
        'callOne',
      )(),
    );
  });

  it('throw TypeError for a non-iterable or wrong-length multi-value result', async () => {
    for (const give of [() => 5, () => undefined, () => [1, 2n], () => [1, 2n, 3, 4], () => [1, 2, 3]]) {
      await sameError('TypeError', async (api) => fn(await exportsOf(api, text, env([], give)), 'callGive')());
    }
  });

  it('propagate exceptions unchanged through wasm', async () => {
    const boom = new Error('boom');
    for (const api of [ours, node]) {
      const x = await exportsOf(
        api,
        text,
        env([], () => {
          throw boom;
        }),
      );
      assert.throws(
        () => fn(x, 'callGive')(),
        (e) => e === boom,
      );
    }
  });

  it('become a new Exported Function when exported again', async () => {
    await same(async (api) => {
      const calls: unknown[][] = [];
      const imports = env(calls);
      const x = await exportsOf(api, text, imports);
      const take = fn(x, 'take');
      take(1, 2n, 3, 4, 'r', null);
      return [take === (imports.env.take as unknown), take.name, take.length, calls.length, calls[0]!.slice(1)];
    });
  });
});

describe('traps', () => {
  const text = `(module
    (type $v (func)) (type $i (func (result i32)))
    (memory 1) (table 2 funcref) (elem (i32.const 0) $nop)
    (func $nop)
    (func (export "unreachable") unreachable)
    (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
    (func (export "load") (param i32) (result i32) local.get 0 i32.load)
    (func (export "trunc") (param f64) (result i32) local.get 0 i32.trunc_f64_s)
    (func (export "indirect") (param i32) (result i32) local.get 0 call_indirect (type $i))
    (func (export "recurse") (call 6)))`;

  const cases: [string, unknown[], string][] = [
    ['unreachable', [], 'unreachable executed'],
    ['div', [1, 0], 'integer divide by zero'],
    ['div', [-(2 ** 31), -1], 'integer overflow'],
    ['load', [65535], 'out of bounds memory access'],
    ['trunc', [NaN], 'invalid conversion to integer'],
    ['trunc', [2 ** 31], 'integer overflow'],
    ['indirect', [1], 'uninitialized element 1'],
    ['indirect', [0], 'indirect call type mismatch'],
    ['indirect', [5], 'undefined element'],
  ];

  it('throw RuntimeError on both engines, with the spec wording on the facade', async () => {
    for (const [name, args, message] of cases) {
      await sameError('RuntimeError', async (api) => fn(await exportsOf(api, text), name)(...args), name);
      const x = await exportsOf(ours, text);
      assert.throws(
        () => fn(x, name)(...args),
        (e) => e instanceof RuntimeError && e.message === message,
      ); // the spec's wording (the element index where the reference interpreter names it)
    }
  });

  it('leave the store usable', async () => {
    const x = await exportsOf(ours, text);
    assert.throws(() => fn(x, 'unreachable')());
    assert.equal(fn(x, 'div')(7, 2), 3);
  });

  it('report call stack exhaustion as a RuntimeError', async () => {
    const x = await exportsOf(ours, text);
    assert.throws(
      () => fn(x, 'recurse')(),
      (e) => e instanceof RuntimeError && e.code === TrapCode.CallStackExhausted,
    );
  });

  it('in the start function reject instantiate with RuntimeError', async () => {
    await sameError('RuntimeError', async (api) => exportsOf(api, '(module (func $s unreachable) (start $s))'));
  });
});

describe('reading the imports', () => {
  const fnImport = '(module (import "m" "f" (func (param i32))))';
  const globals = `(module (import "m" "i" (global i32)) (import "m" "l" (global i64)) (import "m" "d" (global f64))
    (func (export "get") (result i32 i64 f64) global.get 0 global.get 1 global.get 2))`;

  it('throws TypeError for a missing, non-object or incomplete import object', async () => {
    const bytes = await wat(fnImport);
    for (const imports of [undefined, null, 5, 'x', {}, { m: 5 }, { m: null }]) {
      await sameError('TypeError', (api) => api.instantiate(bytes, imports as never), String(imports));
      await sameError('TypeError', async (api) => new api.Instance(await api.compile(bytes), imports as never));
    }
  });

  it('throws LinkError for a value of the wrong kind', async () => {
    await sameError('LinkError', async (api) => exportsOf(api, fnImport, { m: { f: 5 } }));
    await sameError('LinkError', async (api) => exportsOf(api, fnImport, { m: {} }));
    await sameError('LinkError', async (api) =>
      exportsOf(api, '(module (import "m" "x" (memory 1)))', { m: { x: {} } }),
    );
    await sameError('LinkError', async (api) =>
      exportsOf(api, '(module (import "m" "x" (table 1 funcref)))', { m: { x: new api.Memory({ initial: 1 }) } }),
    );
    await sameError('LinkError', async (api) =>
      exportsOf(api, '(module (import "m" "x" (global i32)))', { m: { x: {} } }),
    );
  });

  it("does not accept the other engine's objects", async () => {
    await assert.rejects(
      exportsOf(ours, '(module (import "m" "x" (memory 1)))', { m: { x: new node.Memory({ initial: 1 }) } }),
      (e) => e instanceof ours.LinkError,
    );
  });

  it('throws LinkError for a function of another signature', async () => {
    await sameError('LinkError', async (api) => {
      const x = await exportsOf(api, '(module (func (export "g") (param i64)))');
      return exportsOf(api, fnImport, { m: { f: x.g } });
    });
  });

  it('turns Numbers and BigInts into immutable globals, of the matching type only', async () => {
    await same(async (api) => fn(await exportsOf(api, globals, { m: { i: 2 ** 32 + 7, l: -5n, d: 0.5 } }), 'get')());
    for (const m of [
      { i: 1n, l: 1n, d: 1 },
      { i: 1, l: 1, d: 1 },
      { i: 1, l: 1n, d: 1n },
      { i: '1', l: 1n, d: 1 },
    ]) {
      await sameError(
        'LinkError',
        async (api) => exportsOf(api, globals, { m }),
        JSON.stringify(m, (_, v) => String(v)),
      );
    }
    await sameError('LinkError', async (api) =>
      exportsOf(api, '(module (import "m" "g" (global (mut i32))))', { m: { g: 1 } }),
    );
  });

  it('links Global objects by type and mutability', async () => {
    const text = '(module (import "m" "g" (global (mut i32))))';
    await same(async (api) =>
      Object.keys(await exportsOf(api, text, { m: { g: new api.Global({ value: 'i32', mutable: true }) } })),
    );
    await sameError('LinkError', async (api) => exportsOf(api, text, { m: { g: new api.Global({ value: 'i32' }) } }));
    await sameError('LinkError', async (api) =>
      exportsOf(api, text, { m: { g: new api.Global({ value: 'i64', mutable: true }) } }),
    );
  });

  it('links Memory and Table objects by their limits', async () => {
    const mem = '(module (import "m" "x" (memory 2 4)))';
    await same(async (api) =>
      Object.keys(await exportsOf(api, mem, { m: { x: new api.Memory({ initial: 3, maximum: 4 }) } })),
    );
    for (const d of [{ initial: 1, maximum: 4 }, { initial: 2 }, { initial: 2, maximum: 5 }]) {
      await sameError(
        'LinkError',
        async (api) => exportsOf(api, mem, { m: { x: new api.Memory(d) } }),
        JSON.stringify(d),
      );
    }
    const tab = '(module (import "m" "x" (table 2 funcref)))';
    await same(async (api) =>
      Object.keys(await exportsOf(api, tab, { m: { x: new api.Table({ element: 'anyfunc', initial: 2 }) } })),
    );
    await sameError('LinkError', async (api) =>
      exportsOf(api, tab, { m: { x: new api.Table({ element: 'externref', initial: 2 }) } }),
    );
    await sameError('LinkError', async (api) =>
      exportsOf(api, tab, { m: { x: new api.Table({ element: 'anyfunc', initial: 1 }) } }),
    );
  });

  it('reads each module object once per import, in import order', async () => {
    await same(async (api) => {
      const log: string[] = [];
      const m = new Proxy({ f: () => 0, g: () => 0 }, { get: (t, k: string) => (log.push(k), t[k as 'f']) });
      await exportsOf(api, '(module (import "a" "f" (func)) (import "a" "g" (func)) (import "a" "f" (func)))', {
        a: m,
      });
      return log;
    });
  });
});

describe('compile, validate, Module', () => {
  const good = '(module (func (export "f") (result i32) i32.const 1) (@custom "c" "abc"))';

  it('reject invalid bytes with CompileError and non-buffers with TypeError', async () => {
    const bad = new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]);
    await sameError('CompileError', (api) => api.compile(bad));
    await sameError('CompileError', (api) => api.instantiate(bad));
    await sameError('CompileError', (api) => new api.Module(bad));
    await sameError('TypeError', (api) => api.compile(5 as never));
    await sameError('TypeError', (api) => api.instantiate(5 as never));
    await sameError('TypeError', (api) => api.validate({} as never));
    await sameError('TypeError', (api) => new api.Instance({} as never));
  });

  it('validate agrees with Node on every truncation of a module', async () => {
    const bytes = await wat(`(module (type (func (param i32) (result i32))) (import "m" "f" (func (type 0)))
      (memory 1) (global (mut i32) (i32.const 0)) (func (export "g") (type 0) local.get 0 call 0)
      (data (i32.const 0) "hi") (@custom "c" "abc"))`);
    for (let n = 0; n <= bytes.length; n++) {
      await same((api) => api.validate(bytes.subarray(0, n)), `length ${n}`);
    }
  });

  it('copies the bytes when compile is called', async () => {
    const bytes = new Uint8Array(await wat(good));
    const pending = compile(bytes);
    bytes.fill(0);
    const module = await pending;
    assert.deepEqual(Module.exports(module), [{ name: 'f', kind: 'function' }]);
    assert.equal(validate(bytes), false);
  });

  it('describes imports, exports and custom sections like Node', async () => {
    await same(async (api) => {
      const m = await api.compile(
        await wat(`(module (import "a" "b" (func)) (import "a" "m" (memory 1))
        (global (export "g") i32 (i32.const 0)) (@custom "c" "abc") (@custom "c" "d"))`),
      );
      return [
        api.Module.imports(m),
        api.Module.exports(m),
        api.Module.customSections(m, 'c').map((b) => [...new Uint8Array(b)]),
      ];
    });
  });
});

describe('streaming', () => {
  const Response = (globalThis as unknown as { Response: new (b: Uint8Array, init?: object) => unknown }).Response;

  it('instantiates from a Response with the wasm MIME type, rejects other types', async () => {
    const bytes = await wat('(module (func (export "f") (result i32) i32.const 4))');
    const response = (type: string) => new Response(bytes, { headers: { 'Content-Type': type } }) as never;
    await same(async (api) => {
      const { instance } = await (
        api as Api & { instantiateStreaming: Api['instantiateStreaming'] }
      ).instantiateStreaming(Promise.resolve(response('application/wasm')));
      return fn(instance.exports as Record<string, unknown>, 'f')();
    });
    await sameError('TypeError', (api) => api.compileStreaming(response('text/plain')));
  });
});

describe('JS imports returning Promises (facade only)', () => {
  const text = `(module
    (import "env" "fetch" (func $fetch (param i32) (result i32)))
    (func (export "twice") (param i32) (result i32) (i32.add (call $fetch (local.get 0)) (call $fetch (local.get 0))))
    (export "fetch" (func $fetch)))`;

  it('make the synchronous call throw a TypeError pointing to callAsync', async () => {
    const x = await exportsOf(ours, text, { env: { fetch: async (n: number) => n * 10 } });
    assert.throws(
      () => fn(x, 'twice')(2),
      (e) => e instanceof TypeError && /env\.fetch.*callAsync/s.test(e.message),
    );
    assert.throws(() => fn(x, 'fetch')(2), TypeError);
  });

  it('are awaited by callAsync, the wasm code suspending meanwhile', async () => {
    const x = await exportsOf(ours, text, { env: { fetch: async (n: number) => n * 10 } });
    assert.equal(await callAsync(fn(x, 'twice') as ExportedFunction, 2), 40);
    assert.equal(await callAsync(fn(x, 'fetch') as ExportedFunction, 3), 30);
    const sync = await exportsOf(ours, text, { env: { fetch: (n: number) => n + 1 } });
    assert.equal(await callAsync(fn(sync, 'twice') as ExportedFunction, 1), 4);
  });

  it("reject callAsync with the import's rejection, leaving the store usable", async () => {
    const boom = new Error('boom');
    const x = await exportsOf(ours, text, { env: { fetch: async () => Promise.reject(boom) } });
    await assert.rejects(callAsync(fn(x, 'twice') as ExportedFunction, 1), (e) => e === boom);
    await assert.rejects(callAsync((() => 1) as ExportedFunction), TypeError);
    const y = await exportsOf(ours, text, { env: { fetch: (n: number) => n } });
    assert.equal(fn(y, 'twice')(5), 10);
  });

  it('inside a synchronous call nested in callAsync still throw', async () => {
    let inner: Fn | undefined;
    const x = await exportsOf(ours, text, {
      env: { fetch: async (n: number) => (n === 0 ? assert.throws(() => inner!(1), TypeError) : undefined, n + 1) },
    });
    inner = fn(x, 'twice');
    assert.equal(await callAsync(inner as ExportedFunction, 0), 2);
  });

  it('during the start function reject instantiate with TypeError', async () => {
    const start = '(module (import "env" "f" (func $f)) (start $f))';
    await assert.rejects(instantiate(await wat(start), { env: { f: async () => undefined } }), TypeError);
  });
});

describe('default store', () => {
  it('holds every facade entity', async () => {
    const store = defaultStore();
    const x = await exportsOf(ours, '(module (func (export "f")))');
    const f = store.funcs.find(
      (g) =>
        g.code !== null &&
        g.instanceAddr >= 0 &&
        store.instances[g.instanceAddr]!.module.decoded.exports[0]?.name === 'f',
    );
    assert.equal(f?.funcIdx, 0);
    assert.equal(fn(x, 'f').name, '0');
    assert.equal(defaultStore(), store);
  });

  it('names host functions "module.name" for restore', async () => {
    const store = defaultStore();
    await exportsOf(ours, '(module (import "env" "hello" (func)))', { env: { hello() {} } });
    assert.ok(store.funcs.some((f) => f.hostName === 'env.hello'));
  });
});
