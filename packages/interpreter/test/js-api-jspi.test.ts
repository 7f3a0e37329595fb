/**
 * JSPI in the facade: `WebAssembly.Suspending` imports suspend a `WebAssembly.promising` call until their
 * Promise settles (the wasm state — locals, loop counters, the operand stack — survives), rejections are thrown
 * into wasm as JS exceptions, `SuspendError` outside a promising call or across JS frames, re-entrant and
 * concurrent promising calls, argument and result conversion, and the same under `node --jitless`.
 * Node 20 has no JSPI of its own, so the expected values are written out.
 * @module
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { type Imports, WebAssembly as W } from '../src/index.js';
import { assemble } from './support/engines.js';

type Fn = (...args: unknown[]) => unknown;

const TEXT = `(module
  (import "env" "next" (func $next (param i32) (result i32)))
  (import "env" "plain" (func $plain (param i32) (result i32)))
  (import "env" "big" (func $big (result i64)))
  (import "env" "pair" (func $pair (result f64 i32)))
  (tag $t (export "t") (param i32))
  ;; sum of next(i) for i in [0, n): a loop whose locals live across suspensions
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (call $next (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $acc))
  ;; an operand below the suspended call stays on the stack
  (func (export "below") (param i32) (result i32)
    (i32.mul (i32.const 1000) (i32.add (local.get 0) (call $next (local.get 0)))))
  ;; 1 when next() throws (catch_all), else 0
  (func (export "guarded") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h) (drop (call $next (local.get 0))))
      (return (i32.const 0)))
    (i32.const 1))
  ;; the payload of $t when next() throws it, else -1
  (func (export "tagged") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $t $h) (drop (call $next (local.get 0))))
      (return (i32.const -1))))
  (func (export "viaPlain") (param i32) (result i32) (call $plain (local.get 0)))
  (func (export "big") (result i64) (call $big))
  (func (export "pair") (result f64)
    (call $pair) (f64.convert_i32_s) (f64.add))
  (func (export "trapAfter") (param i32) (result i32)
    (drop (call $next (local.get 0))) (unreachable)))`;

type Env = { next?: unknown; plain?: unknown; big?: unknown; pair?: unknown };

async function setup(env: Env): Promise<Record<string, Fn>> {
  const full = { next: () => 0, plain: () => 0, big: () => 0n, pair: () => [0, 0], ...env };
  const { instance } = await W.instantiate(await assemble(TEXT), { env: full } as unknown as Imports);
  return instance.exports as unknown as Record<string, Fn>;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JSPI: Suspending and promising', () => {
  it('suspends at each call and resumes with the resolved value, keeping the loop state', async () => {
    const seen: number[] = [];
    const e = await setup({
      next: new W.Suspending(async (i: number) => {
        seen.push(i);
        await tick(1);
        return i * i;
      }),
    });
    const sum = W.promising(e.sum!);
    const p = sum(5);
    assert.ok(p instanceof Promise);
    assert.deepEqual(seen, [0]); // ran synchronously up to the first suspension
    assert.equal(await p, 0 + 1 + 4 + 9 + 16);
    assert.deepEqual(seen, [0, 1, 2, 3, 4]);
    assert.equal(await W.promising(e.below!)(7), 1000 * (7 + 49));
  });

  it('suspends on a non-Promise return value too, after other microtasks', async () => {
    const order: string[] = [];
    const e = await setup({
      next: new W.Suspending((i: number) => {
        order.push('import');
        return i + 1;
      }),
    });
    const p = W.promising(e.sum!)(3);
    void Promise.resolve().then(() => order.push('microtask'));
    order.push('returned');
    assert.equal(await p, 1 + 2 + 3);
    assert.deepEqual(order.slice(0, 3), ['import', 'returned', 'microtask']);
  });

  it('throws a rejection into wasm: catch_all catches it, uncaught it rejects with the same value', async () => {
    const reason = new Error('no data');
    const e = await setup({
      next: new W.Suspending(async () => {
        await tick(1);
        throw reason;
      }),
    });
    assert.equal(await W.promising(e.guarded!)(1), 1);
    await assert.rejects(W.promising(e.sum!)(2), (err) => err === reason);
    const rejectsNonError = await setup({ next: new W.Suspending(() => Promise.reject(17)) });
    await assert.rejects(W.promising(rejectsNonError.sum!)(1), (err) => err === 17);
  });

  it('a rejection with a WebAssembly.Exception is caught by its tag', async () => {
    let t: InstanceType<typeof W.Tag> | undefined;
    const e = await setup({
      next: new W.Suspending(async (i: number) => {
        throw new W.Exception(t!, [i + 40]);
      }),
    });
    t = e.t as unknown as InstanceType<typeof W.Tag>;
    assert.equal(await W.promising(e.tagged!)(2), 42);
  });

  it('a trap after resumption rejects with a RuntimeError; the instance stays usable', async () => {
    const e = await setup({ next: new W.Suspending(async (i: number) => i) });
    await assert.rejects(W.promising(e.trapAfter!)(1), W.RuntimeError);
    assert.equal(await W.promising(e.sum!)(4), 6);
  });

  it('throws SuspendError when no promising call is running', async () => {
    let called = false;
    const e = await setup({
      next: new W.Suspending(async () => {
        called = true;
        return 1;
      }),
    });
    assert.throws(
      () => e.sum!(1),
      (err) => err instanceof W.SuspendError && (err as Error).name === 'SuspendError',
    );
    assert.equal(called, false);
    assert.equal(e.guarded!(1), 1, 'the SuspendError is a JS exception in wasm: catch_all catches it');
    assert.ok(new W.SuspendError('m') instanceof Error);
  });

  it('throws SuspendError with JS frames between the promising call and the import', async () => {
    let inner: Fn | undefined;
    const e = await setup({
      next: new W.Suspending(async (i: number) => i),
      plain: (i: number) => inner!(i) as number,
    });
    inner = e.sum!;
    await assert.rejects(W.promising(e.viaPlain!)(2), W.SuspendError);
    // The import reached directly from the promising call still suspends.
    assert.equal(await W.promising(e.sum!)(3), 3);
  });

  it('a JS import may call a promising function re-entrantly', async () => {
    const events: string[] = [];
    let innerDone: Promise<unknown> | undefined;
    let sum: ((...a: unknown[]) => Promise<unknown>) | undefined;
    const e = await setup({
      next: new W.Suspending(async (i: number) => {
        await tick(1);
        events.push(`next ${i}`);
        return i;
      }),
      plain: (i: number) => {
        innerDone = sum!(i);
        events.push('inner suspended');
        return 100;
      },
    });
    sum = W.promising(e.sum!);
    const outer = W.promising(e.viaPlain!);
    assert.equal(await outer(3), 100);
    assert.deepEqual(events, ['inner suspended']);
    assert.equal(await innerDone, 0 + 1 + 2);
  });

  it('a suspending import may start and await another promising call of the same instance', async () => {
    let sum: ((...a: unknown[]) => Promise<unknown>) | undefined;
    const e = await setup({
      // next(10) awaits a nested sum(3), which suspends at each of its own next(0), next(1), next(2)
      next: new W.Suspending(async (i: number) => (i === 10 ? sum!(3) : i)),
    });
    sum = W.promising(e.sum!);
    assert.equal(await W.promising(e.below!)(10), 1000 * (10 + (0 + 1 + 2)));
  });

  it('runs several promising calls at once, each with its own state', async () => {
    const delays = [9, 1, 5];
    const e = await setup({
      next: new W.Suspending(async (i: number) => {
        await tick(delays[i % 3]!);
        return i;
      }),
    });
    const sum = W.promising(e.sum!);
    const below = W.promising(e.below!);
    const results = await Promise.all([sum(6), below(2), sum(3), below(5), sum(9)]);
    assert.deepEqual(results, [15, 1000 * 4, 3, 1000 * 10, 36]);
  });

  it('converts resolved values as a JS return: BigInt for i64, an iterable for several results', async () => {
    const e = await setup({
      big: new W.Suspending(async () => 2n ** 63n + 5n),
      pair: new W.Suspending(async () => [0.5, 2]),
    });
    assert.equal(await W.promising(e.big!)(), -(2n ** 63n) + 5n);
    assert.equal(await W.promising(e.pair!)(), 2.5);
    const wrong = await setup({ big: new W.Suspending(async () => 1) });
    await assert.rejects(W.promising(wrong.big!)(), TypeError);
  });

  it('an unmarked import returning a Promise in a promising call converts the Promise (JS API)', async () => {
    const e = await setup({ plain: () => Promise.resolve(9) });
    assert.equal(await W.promising(e.viaPlain!)(1), 0); // ToInt32(promise) = 0
    assert.throws(() => e.viaPlain!(1), TypeError); // the facade's synchronous calls keep rejecting it
  });

  it('checks its arguments as the JS API does', async () => {
    const e = await setup({});
    assert.throws(() => W.promising(() => 1), TypeError);
    assert.throws(() => W.promising(17 as unknown as Fn), TypeError);
    assert.throws(() => new W.Suspending(5 as unknown as Fn), TypeError);
    assert.throws(() => (W.Suspending as unknown as Fn)(() => 1), TypeError);
    assert.equal(Object.prototype.toString.call(new W.Suspending(() => 1)), '[object WebAssembly.Suspending]');
    const p = W.promising(e.big!);
    assert.equal(p.length, 1);
    assert.equal(p.name, '');
    // Argument conversion happens inside the promising call: a rejection, not a synchronous throw.
    const bad = W.promising(e.sum!)(1n);
    await assert.rejects(bad, TypeError);
    await assert.rejects(
      W.instantiate(await assemble(TEXT), {
        env: { next: {}, plain: () => 0, big: () => 0n, pair: () => [0, 0] },
      } as unknown as Imports),
      W.LinkError,
    );
  });

  it('works under node --jitless (no native WebAssembly)', async () => {
    const bytes = Buffer.from(await assemble(TEXT)).toString('base64');
    const index = fileURLToPath(new URL('../src/index.js', import.meta.url));
    const script = `
      import { WebAssembly as W } from ${JSON.stringify(index)};
      const bytes = Buffer.from(${JSON.stringify(bytes)}, 'base64');
      const tick = () => new Promise((r) => setTimeout(r, 1));
      const env = { next: new W.Suspending(async (i) => { await tick(); return i * 3; }),
        plain: () => 0, big: () => 0n, pair: () => [0, 0] };
      const { instance } = await W.instantiate(bytes, { env });
      const sum = W.promising(instance.exports.sum);
      const r = await Promise.all([sum(4), sum(10)]);
      console.log(JSON.stringify({ native: typeof globalThis.WebAssembly, r }));`;
    const out = spawnSync(process.execPath, ['--jitless', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { native: 'undefined', r: [18, 135] });
  });
});
