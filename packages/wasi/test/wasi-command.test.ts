/**
 * Running commands: exit codes from returning and from `proc_exit`, traps, modules that are not commands,
 * link errors, the resolver used by restore, host functions shared per store, and suspension and capture.
 * @module
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LinkError, Module, RuntimeError, Store, ValType } from '@edgedancer/interpreter';
import { buildModule, T } from '@edgedancer/interpreter/wasm-builder';
import { runWasiCommand, WASI_HOST_NAME_PREFIX, WasiCommand, WasiHost } from '@edgedancer/wasi';
import { programBytes } from './support/program-cases.js';

const I32_CONST = 0x41;
const CALL = 0x10;
const UNREACHABLE = 0x00;
const LOOP_FOREVER = [0x03, 0x40, 0x0c, 0x00, 0x0b]; // loop br 0 end
/** `proc_exit`'s import. */
const PROC_EXIT = { module: 'wasi_snapshot_preview1', name: 'proc_exit', params: [T.i32], results: [] };

describe('runWasiCommand', () => {
  it('returns 0 when _start returns and the code given to proc_exit otherwise', () => {
    assert.equal(runWasiCommand(buildModule({ funcs: [{ params: [], results: [], body: [], export: '_start' }] })), 0);
    const exits = buildModule({
      imports: [PROC_EXIT],
      funcs: [{ params: [], results: [], body: [I32_CONST, 7, CALL, 0, UNREACHABLE], export: '_start' }],
    });
    assert.equal(runWasiCommand(exits), 7);
    assert.equal(runWasiCommand(new Module(exits)), 7);
  });

  it('runs a C program with arguments, environment and output', () => {
    let out = '';
    const code = runWasiCommand(programBytes('args-env.wasm'), {
      args: ['prog', '5'],
      env: { GREETING: 'hi' },
      stdout: (b) => {
        out += new TextDecoder().decode(b);
      },
    });
    assert.equal(code, 5);
    assert.match(out, /^argc=2\nargv\[0\]="prog"/);
    assert.match(out, /GREETING=hi\n/);
  });

  it('throws the RuntimeError of a trap', () => {
    const traps = buildModule({ funcs: [{ params: [], results: [], body: [UNREACHABLE], export: '_start' }] });
    assert.throws(
      () => runWasiCommand(traps),
      (e: unknown) => e instanceof RuntimeError && /unreachable/.test((e as Error).message),
    );
  });

  it('refuses modules without _start and unresolved or unknown imports', () => {
    assert.throws(
      () => runWasiCommand(buildModule({ funcs: [{ params: [], results: [], body: [], export: 'main' }] })),
      TypeError,
    );
    const unknownWasi = buildModule({
      imports: [{ module: 'wasi_snapshot_preview1', name: 'fd_bogus', params: [], results: [T.i32] }],
      funcs: [{ params: [], results: [], body: [], export: '_start' }],
    });
    assert.throws(() => runWasiCommand(unknownWasi), LinkError);
    const wrongType = buildModule({
      imports: [{ module: 'wasi_snapshot_preview1', name: 'fd_close', params: [T.i64], results: [T.i32] }],
      funcs: [{ params: [], results: [], body: [], export: '_start' }],
    });
    assert.throws(() => runWasiCommand(wrongType), LinkError);
    const env = buildModule({
      imports: [{ module: 'env', name: 'f', params: [], results: [] }],
      funcs: [{ params: [], results: [], body: [CALL, 0], export: '_start' }],
    });
    assert.throws(() => runWasiCommand(env), LinkError);
    let called = 0;
    const code = runWasiCommand(env, {
      imports: (module, name, store) => {
        if (module !== 'env' || name !== 'f') return undefined;
        return store.hostFunc(
          { params: [], results: [] },
          () => {
            called++;
            return [];
          },
          'env.f',
        );
      },
    });
    assert.equal(code, 0);
    assert.equal(called, 1);
  });
});

describe('WasiCommand', () => {
  it('restores other host functions through the given resolver', () => {
    const env = new Module(
      buildModule({
        imports: [{ module: 'env', name: 'tick', params: [], results: [] }],
        funcs: [{ params: [], results: [], body: [0x03, 0x40, CALL, 0, 0x0c, 0x00, 0x0b], export: '_start' }],
      }),
    );
    let ticks = 0;
    const tick = (): [] => {
      ticks++;
      return [];
    };
    const cmd = WasiCommand.instantiate(env, new WasiHost(), {
      imports: (_m, name, s) =>
        name === 'tick' ? s.hostFunc({ params: [], results: [] }, tick, 'env.tick') : undefined,
    });
    cmd.run({ fuel: 50 });
    const state = structuredClone(cmd.capture());
    assert.throws(() => WasiCommand.restore(structuredClone(state), env, new WasiHost()), TypeError);
    const copy = WasiCommand.restore(state, env, new WasiHost(), {
      resolve: (name) => {
        assert.equal(name, 'env.tick');
        return tick;
      },
    });
    const before = ticks;
    copy.run({ fuel: 50 });
    assert.ok(ticks > before);
  });

  it('suspends on fuel and interrupt, captures only while suspended, exits after', () => {
    const spin = new Module(
      buildModule({ funcs: [{ params: [], results: [], body: LOOP_FOREVER, export: '_start' }] }),
    );
    const cmd = WasiCommand.instantiate(spin, new WasiHost());
    assert.throws(() => cmd.capture(), TypeError);
    assert.deepEqual(cmd.run({ fuel: 100 }), { status: 'suspended', reason: 'fuel' });
    const state = cmd.capture();
    assert.equal(state.execution.reason, 'fuel');
    cmd.execution.interrupt();
    assert.deepEqual(cmd.run(), { status: 'suspended', reason: 'interrupt' });
    const copy = WasiCommand.restore(structuredClone(state), spin, new WasiHost());
    assert.deepEqual(copy.run({ fuel: 10 }), { status: 'suspended', reason: 'fuel' });
  });

  it('allocates each WASI function once per store, named for restore', () => {
    const exits = new Module(
      buildModule({
        imports: [PROC_EXIT, PROC_EXIT],
        funcs: [{ params: [], results: [], body: [], export: '_start' }],
      }),
    );
    const s = new Store();
    const wasi = new WasiHost();
    const a = wasi.imports(s, exits);
    const b = wasi.imports(s, exits);
    assert.deepEqual(a, b);
    assert.equal(a[0]!.addr, a[1]!.addr);
    const asked: unknown[] = [];
    Store.restore(s.capture(), [], (name, type) => {
      asked.push({ name, type });
      return wasi.resolver()(name, type);
    });
    assert.deepEqual(asked, [
      { name: `${WASI_HOST_NAME_PREFIX}proc_exit`, type: { params: [ValType.I32], results: [] } },
    ]);
  });

  it('resolver: WASI names to this host, others to the fallback; wrong types and unknown names throw', () => {
    const wasi = new WasiHost();
    const resolve = wasi.resolver();
    const t = { params: [ValType.I32], results: [ValType.I32] };
    assert.equal(resolve(`${WASI_HOST_NAME_PREFIX}fd_close`, t), wasi.hostFunction(`${WASI_HOST_NAME_PREFIX}fd_close`));
    assert.throws(() => resolve(`${WASI_HOST_NAME_PREFIX}fd_close`, { params: [], results: [] }), TypeError);
    assert.throws(() => resolve('env.f', t), TypeError);
    assert.throws(() => resolve(`${WASI_HOST_NAME_PREFIX}nope`, t), TypeError);
    const other = (): [] => [];
    assert.equal(wasi.resolver(() => other)('env.f', t), other);
    assert.equal(wasi.hostFunction('env.f'), undefined);
  });
});
