/**
 * Helpers of the JS-API facade tests: WAT to bytes, and running the same code against the facade and against
 * Node's own `WebAssembly` (the oracle), comparing what each returns or throws.
 * @module
 */
import assert from 'node:assert/strict';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { WebAssembly as facade } from '../src/index.js';

/** The namespace both engines offer. */
export type Api = typeof facade;
/** A callable export. */
export type Fn = (...args: unknown[]) => unknown;

/** Edgedancer's facade. */
export const ours: Api = facade;
/** Node's built-in WebAssembly, typed as the facade (the shapes match). */
export const node: Api = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;

const assembled = new Map<string, Promise<Uint8Array>>();

/** WAT text of a test that does not assemble: a bug in the test, never an outcome to compare. */
export class WatError extends Error {
  override name = 'WatError';
}

/** Assembles WAT text (cached by text). */
export function wat(text: string): Promise<Uint8Array> {
  let bytes = assembled.get(text);
  if (bytes === undefined) {
    bytes = parse(text).catch((e: unknown) => {
      throw new WatError(`test WAT does not assemble: ${String(e)}\n${text}`, { cause: e });
    });
    assembled.set(text, bytes);
  }
  return bytes;
}

/** What running some code gave: a value, or the kind of error it threw. */
export type Outcome = { readonly value: unknown } | { readonly error: string };

/** The kind of an error: the WebAssembly error class of `api` it is an instance of, else its constructor's name. */
export function errorKind(e: unknown, api: Api): string {
  if (e instanceof api.RuntimeError) return 'RuntimeError';
  if (e instanceof api.LinkError) return 'LinkError';
  if (e instanceof api.CompileError) return 'CompileError';
  if (e instanceof Error) return e.constructor.name;
  return `thrown ${typeof e}`;
}

/** Runs `run` against one engine and records its outcome. */
export async function outcome(api: Api, run: (api: Api) => unknown): Promise<Outcome> {
  try {
    return { value: await run(api) };
  } catch (e) {
    if (e instanceof WatError || e instanceof assert.AssertionError) throw e;
    return { error: errorKind(e, api) };
  }
}

/**
 * Runs `run` against the facade and against Node, asserts that both gave the same outcome (values compared
 * with `deepStrictEqual`: NaN equals NaN, -0 differs from 0), and returns it.
 */
export async function same(run: (api: Api) => unknown, message?: string): Promise<Outcome> {
  const a = await outcome(ours, run);
  const b = await outcome(node, run);
  assert.deepStrictEqual(a, b, message);
  return a;
}

/** Asserts that `run` throws on both engines, with the same error kind, which must be `kind`. */
export async function sameError(kind: string, run: (api: Api) => unknown, message?: string): Promise<void> {
  const o = await same(run, message);
  assert.deepStrictEqual(o, { error: kind }, message);
}

/** Instantiates WAT text on an engine and returns its exports. */
export async function exportsOf(api: Api, text: string, imports?: object): Promise<Record<string, unknown>> {
  const { instance } = await api.instantiate(await wat(text), imports as never);
  return instance.exports as Record<string, unknown>;
}

/** A callable export by name. */
export function fn(exports: Record<string, unknown>, name: string): Fn {
  const f = exports[name];
  assert.equal(typeof f, 'function', `export ${name} is not a function`);
  return f as Fn;
}

/** Calls `f` and returns its outcome (value or error kind) on `api`. */
export function tryCall(api: Api, f: Fn, ...args: unknown[]): Outcome {
  try {
    return { value: f(...args) };
  } catch (e) {
    return { error: errorKind(e, api) };
  }
}
