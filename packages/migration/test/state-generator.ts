/**
 * Generates random valid snapshots (stores, executions, host sections) for property tests: every address in
 * range, every frame on a wasm function, frame pointers ordered, memories sparse, dense or zero.
 * @module
 */
import type { ExecutionState, HostFuncState, RefType, StoreState, ValType } from '@edgedancer/interpreter';
import { CHUNK_SIZE, type HostSection, PAGE_SIZE, type Snapshot } from '../src/index.js';
import type { Prng } from './prng.js';

const VAL_TYPES: readonly ValType[] = [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f];
const REF_TYPES: readonly RefType[] = [0x70, 0x6f];
const WORDS: Record<number, number> = { 127: 1, 125: 1, 112: 1, 111: 1, 126: 2, 124: 2, 123: 4 };
const NAMES = ['env.log', 'wasi_snapshot_preview1.fd_write', 'edgedancer.migrate', 'ünïcødé', '日本語', '😀 emoji', ''];
const SECTION_NAMES = ['wasi', 'platform', 'a', 'z9', 'app.state', 'x-y_z'];

/** Options of the generator. */
export interface GenOptions {
  /** Largest memory in pages (default 3). */
  readonly maxPages?: number;
  readonly kind?: 'weak' | 'strong';
}

function refs(rng: Prng, n: number, funcs: number, externs: number, type: RefType): Int32Array {
  const count = type === 0x70 ? funcs : externs;
  return Int32Array.from({ length: n }, () => (count === 0 || rng.chance(0.3) ? 0 : 1 + rng.int(count)));
}

function extern(rng: Prng): unknown {
  switch (rng.int(9)) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return rng.chance(0.5);
    case 3:
      return rng.pick([0, -0, NaN, Infinity, -Infinity, 1.5, -(2 ** 53), 5e-324, Number.MAX_VALUE]);
    case 4:
      return (rng.i32() / 7) * 1e10;
    case 5:
      return rng.pick(NAMES) + String(rng.int(100));
    case 6:
      return rng.pick([0n, 1n, -1n, 255n, 256n, -256n, (1n << 64n) - 1n, -(1n << 200n)]);
    case 7:
      return BigInt(rng.i32()) * BigInt(rng.u32()) * 12345678901n;
    default:
      return '';
  }
}

/** Memory bytes: zero, sparse (a few non-zero runs), or dense (random). */
export function genMemory(rng: Prng, pages: number): Uint8Array {
  const bytes = new Uint8Array(pages * PAGE_SIZE);
  const style = rng.int(3);
  if (style === 1) {
    for (let i = rng.int(12); i > 0 && bytes.length > 0; i--) {
      const at = rng.int(bytes.length);
      bytes.set(rng.bytes(Math.min(rng.range(1, 2 * CHUNK_SIZE), bytes.length - at)), at);
    }
  } else if (style === 2 && bytes.length > 0) {
    const dense = rng.bytes(Math.min(bytes.length, 3 * CHUNK_SIZE + 17));
    for (let at = 0; at < bytes.length; at += dense.length)
      bytes.set(dense.subarray(0, Math.min(dense.length, bytes.length - at)), at);
    bytes[rng.int(bytes.length)] ^= 0x5a;
  }
  return bytes;
}

function limits(rng: Prng, size: number, top: number): { min: number; max: number | null } {
  return { min: rng.int(size + 1), max: rng.chance(0.5) ? null : Math.min(top, size + rng.int(4)) };
}

function subset(rng: Prng, count: number, max: number): Int32Array {
  return Int32Array.from({ length: count === 0 ? 0 : rng.int(max + 1) }, () => rng.int(count));
}

/**
 * A random valid store. Host functions come before, between and after instances (as `hostFunc` calls
 * between instantiations make them), listed in `hostFuncs` once each in address order, as captured.
 */
export function genStore(rng: Prng, opts: GenOptions = {}, forceWasm = false): StoreState {
  const moduleCount = rng.range(1, 3);
  const funcWords: number[] = [];
  const hostFuncs: HostFuncState[] = [];
  const addHost = (): void => {
    const params = Array.from({ length: rng.int(4) }, () => rng.pick(VAL_TYPES));
    const results = Array.from({ length: rng.int(3) }, () => rng.pick(VAL_TYPES));
    funcWords.push(-1, hostFuncs.length);
    hostFuncs.push({ name: rng.pick(NAMES), type: { params, results } });
  };
  for (let i = rng.int(4); i > 0; i--) addHost();
  const instanceCount = forceWasm ? rng.range(1, 3) : rng.int(4);
  const instFuncs: Int32Array[] = [];
  for (let i = 0; i < instanceCount; i++) {
    const known = funcWords.length / 2;
    const imports = known === 0 ? [] : Array.from({ length: rng.int(3) }, () => rng.int(known));
    const defined = rng.range(forceWasm ? 1 : 0, 4);
    const addrs = [...imports];
    for (let j = 0; j < defined; j++) {
      addrs.push(funcWords.length / 2);
      funcWords.push(i, imports.length + j);
    }
    instFuncs.push(Int32Array.from(addrs));
    if (rng.chance(0.3)) addHost();
  }
  const funcs = Int32Array.from(funcWords);
  const funcCount = funcs.length / 2;
  const externs = Array.from({ length: rng.int(6) }, () => extern(rng));
  const tables = Array.from({ length: rng.int(4) }, () => {
    const elemType = rng.pick(REF_TYPES);
    const size = rng.int(12);
    return {
      type: { elemType, limits: limits(rng, size, 0xffff_ffff) },
      elements: refs(rng, size, funcCount, externs.length, elemType),
    };
  });
  const maxPages = opts.maxPages ?? 3;
  const mems = Array.from({ length: rng.int(3) }, () => {
    const pages = rng.int(maxPages + 1);
    return { type: { limits: limits(rng, pages, 65536) }, bytes: genMemory(rng, pages) };
  });
  const globalCount = rng.int(9);
  const globalTypes = new Uint8Array(globalCount * 2);
  for (let i = 0; i < globalCount; i++) {
    globalTypes[i * 2] = rng.pick(VAL_TYPES);
    globalTypes[i * 2 + 1] = rng.chance(0.5) ? 1 : 0;
  }
  const globalValues = new Int32Array(globalCount * 4);
  for (let i = 0; i < globalCount; i++) {
    const valType = globalTypes[i * 2]! as ValType;
    if (valType === 0x70 || valType === 0x6f)
      globalValues[i * 4] = refs(rng, 1, funcCount, externs.length, valType)[0]!;
    else for (let k = 0; k < WORDS[valType]!; k++) globalValues[i * 4 + k] = rng.i32();
  }
  const elems = Array.from({ length: rng.int(4) }, () => {
    const type = rng.pick(REF_TYPES);
    return { type, refs: refs(rng, rng.int(6), funcCount, externs.length, type) };
  });
  const datasDropped = Uint8Array.from({ length: rng.int(5) }, () => rng.int(2));
  const instances = instFuncs.map((f) => ({
    module: rng.int(moduleCount),
    funcs: f,
    tables: subset(rng, tables.length, 2),
    mems: subset(rng, mems.length, 1),
    globals: subset(rng, globalCount, 4),
    elems: subset(rng, elems.length, 2),
    datas: subset(rng, datasDropped.length, 3),
  }));
  return {
    version: 1,
    moduleCount,
    instances,
    funcs,
    hostFuncs,
    tables,
    mems,
    globalTypes,
    globalValues,
    elems,
    datasDropped,
    externs,
  };
}

/**
 * The same store with its integer arrays moved into one buffer, laid out as `Store.capture` does: the words
 * first (instance address lists, functions, table elements, global values, element segments), then the
 * bytes (global types, dropped flags). Memories are left alone.
 */
export function inOneBuffer(s: StoreState): StoreState {
  const lists: Int32Array[] = [];
  for (const i of s.instances) lists.push(i.funcs, i.tables, i.mems, i.globals, i.elems, i.datas);
  lists.push(s.funcs, ...s.tables.map((t) => t.elements), s.globalValues, ...s.elems.map((e) => e.refs));
  const words = lists.reduce((n, l) => n + l.length, 0);
  const buffer = new ArrayBuffer(words * 4 + s.globalTypes.length + s.datasDropped.length);
  let at = 0;
  const put = (src: Int32Array): Int32Array => {
    const v = new Int32Array(buffer, at * 4, src.length);
    v.set(src);
    at += src.length;
    return v;
  };
  let byteAt = words * 4;
  const putBytes = (src: Uint8Array): Uint8Array => {
    const v = new Uint8Array(buffer, byteAt, src.length);
    v.set(src);
    byteAt += src.length;
    return v;
  };
  return {
    ...s,
    instances: s.instances.map((i) => ({
      module: i.module,
      funcs: put(i.funcs),
      tables: put(i.tables),
      mems: put(i.mems),
      globals: put(i.globals),
      elems: put(i.elems),
      datas: put(i.datas),
    })),
    funcs: put(s.funcs),
    tables: s.tables.map((t) => ({ type: t.type, elements: put(t.elements) })),
    globalValues: put(s.globalValues),
    elems: s.elems.map((e) => ({ type: e.type, refs: put(e.refs) })),
    globalTypes: putBytes(s.globalTypes),
    datasDropped: putBytes(s.datasDropped),
  };
}

/** Function addresses of `store` by kind. */
export function funcAddrs(store: StoreState): { wasm: number[]; host: number[] } {
  const wasm: number[] = [];
  const host: number[] = [];
  for (let a = 0; a < store.funcs.length / 2; a++) (store.funcs[a * 2] === -1 ? host : wasm).push(a);
  return { wasm, host };
}

/** A random valid execution over `store` (which must hold a wasm function). */
export function genExecution(rng: Prng, store: StoreState): ExecutionState {
  const { wasm, host } = funcAddrs(store);
  const slots = rng.int(40);
  const frameCount = rng.range(1, 5);
  const fps = Array.from({ length: frameCount }, () => rng.int(slots + 1)).sort((a, b) => a - b);
  const frames = new Int32Array(frameCount * 3);
  fps.forEach((fp, i) => {
    frames[i * 3] = rng.pick(wasm);
    frames[i * 3 + 1] = rng.int(1 << 20);
    frames[i * 3 + 2] = fp;
  });
  const reason = host.length > 0 && rng.chance(0.4) ? 'host' : rng.pick(['fuel', 'interrupt'] as const);
  return {
    version: 1,
    entryFuncAddr: frames[0]!,
    stack: Int32Array.from({ length: slots * 2 }, () => rng.i32()),
    frames,
    reason,
    pendingCall: reason === 'host' ? rng.pick(host) : null,
  };
}

/** Random host sections with distinct names, in random order. */
export function genHostSections(rng: Prng): HostSection[] {
  const names = SECTION_NAMES.filter(() => rng.chance(0.4));
  return names.map((name) => ({ name, version: rng.pick([0, 1, 7, 0xffff_ffff]), bytes: rng.bytes(rng.int(40)) }));
}

/** A random valid snapshot. */
export function genSnapshot(rng: Prng, opts: GenOptions = {}): Snapshot {
  const kind = opts.kind ?? (rng.chance(0.5) ? 'strong' : 'weak');
  const store = genStore(rng, opts, kind === 'strong');
  return {
    agentId: rng.pick(['agent-1', 'a', 'ünïcødé-agent', 'x'.repeat(256)]),
    migrationCounter: rng.pick([0n, 1n, 42n, (1n << 64n) - 1n, BigInt(rng.u32())]),
    kind,
    moduleHashes: Array.from({ length: store.moduleCount }, () => rng.bytes(32)),
    store,
    execution: kind === 'strong' ? genExecution(rng, store) : null,
    hostSections: genHostSections(rng),
  };
}

/** The canonical form of a snapshot (what decoding returns): host sections sorted by name. */
export function canonical(s: Snapshot): Snapshot {
  return { ...s, hostSections: [...s.hostSections].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}
