/**
 * The plaintext form of a persisted agent, used only inside the enclave between capture and sealing (and
 * between unsealing and restore): the interpreter's captured store, the suspended execution if any, and the
 * agent's instance address. Encoded with `node:v8`'s structured serialization; the sealed blob around it is
 * what authenticates it, so decoding only ever sees bytes this enclave identity produced.
 *
 * Format 1 writes the store as the interpreter captured it before its compact form: functions as objects
 * (`{ kind: 'wasm', instance, funcIdx }` or `{ kind: 'host', name, type }`) and global types as
 * `{ valType, mutable }` objects. The codec keeps writing exactly that, converting from and to the compact
 * `StoreState` (`funcs` words with `hostFuncs`, `globalTypes` bytes), so blobs persisted before and after
 * the change restore in either build (both measure the same interpreter version, so they share sealing keys).
 * @module
 */
import { deserialize, serialize } from 'node:v8';
import type { ExecutionState, FuncType, HostFuncState, StoreState } from '@edgedancer/interpreter';
import { EnclaveError } from './errors.js';
import { ascii } from './layout.js';

/** Associated data of every persisted-agent blob: says what the blob is. */
export const AGENT_STATE_AAD = ascii('edgedancer-enclave-sim/agent-state/v1');

/** A captured agent. */
export interface AgentState {
  readonly store: StoreState;
  readonly execution: ExecutionState | null;
  readonly instanceAddr: number;
}

/** A function as format 1 writes it. */
type PersistedFunc =
  | { readonly kind: 'wasm'; readonly instance: number; readonly funcIdx: number }
  | { readonly kind: 'host'; readonly name: string; readonly type: FuncType };

/** A global's type as format 1 writes it. */
interface PersistedGlobalType {
  readonly valType: number;
  readonly mutable: boolean;
}

/** The instance word of a host function in `StoreState.funcs`. */
const HOST_FUNC = -1;

/** The store in format 1's layout, keys in the order the capture used to give them. */
function persistedStore(s: StoreState): object {
  const funcs: PersistedFunc[] = [];
  for (let a = 0; a < s.funcs.length >> 1; a++) {
    const instance = s.funcs[2 * a]!;
    const index = s.funcs[2 * a + 1]!;
    if (instance === HOST_FUNC) {
      const h = s.hostFuncs[index];
      if (h === undefined) throw new TypeError(`captured store: function ${a} names no host function`);
      funcs.push({ kind: 'host', name: h.name, type: h.type });
    } else {
      funcs.push({ kind: 'wasm', instance, funcIdx: index });
    }
  }
  // One object per distinct type, as the capture used to share a module's global types: serialized once.
  const distinct = new Map<number, PersistedGlobalType>();
  const globalTypes: PersistedGlobalType[] = [];
  for (let g = 0; g < s.globalTypes.length >> 1; g++) {
    const valType = s.globalTypes[2 * g]!;
    const mutable = s.globalTypes[2 * g + 1] === 1;
    const key = valType * 2 + (mutable ? 1 : 0);
    let t = distinct.get(key);
    if (t === undefined) distinct.set(key, (t = { valType, mutable }));
    globalTypes.push(t);
  }
  return {
    version: s.version,
    moduleCount: s.moduleCount,
    instances: s.instances,
    funcs,
    tables: s.tables,
    mems: s.mems,
    globalTypes,
    globalValues: s.globalValues,
    elems: s.elems,
    datasDropped: s.datasDropped,
    externs: s.externs,
    // Tags and exceptions (exception handling), as captured; absent for stores without them.
    ...(s.exceptions === undefined ? {} : { exceptions: s.exceptions }),
  };
}

function malformed(what: string): never {
  throw new EnclaveError('malformed', `agent state has the wrong shape: ${what}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isWord = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0x7fff_ffff;

/**
 * The compact store of a format-1 store: host functions listed once each in address order. Only what the
 * conversion reads is checked here; `Store.restore` checks the rest.
 */
function compactStore(o: Record<string, unknown>): StoreState {
  const { funcs, globalTypes } = o;
  if (!Array.isArray(funcs)) malformed('funcs');
  if (!Array.isArray(globalTypes)) malformed('globalTypes');
  const words = new Int32Array(funcs.length * 2);
  const hostFuncs: HostFuncState[] = [];
  funcs.forEach((f: unknown, a) => {
    if (!isObject(f)) malformed(`funcs[${a}]`);
    if (f.kind === 'wasm' && isWord(f.instance) && isWord(f.funcIdx)) {
      words[2 * a] = f.instance;
      words[2 * a + 1] = f.funcIdx;
    } else if (
      f.kind === 'host' &&
      typeof f.name === 'string' &&
      isObject(f.type) &&
      Array.isArray(f.type.params) &&
      Array.isArray(f.type.results)
    ) {
      words[2 * a] = HOST_FUNC;
      words[2 * a + 1] = hostFuncs.length;
      hostFuncs.push({ name: f.name, type: f.type as unknown as FuncType });
    } else {
      malformed(`funcs[${a}]`);
    }
  });
  const types = new Uint8Array(globalTypes.length * 2);
  globalTypes.forEach((g: unknown, i) => {
    if (
      !isObject(g) ||
      !Number.isInteger(g.valType) ||
      (g.valType as number) < 0 ||
      (g.valType as number) > 0xff ||
      typeof g.mutable !== 'boolean'
    ) {
      malformed(`globalTypes[${i}]`);
    }
    types[2 * i] = g.valType as number;
    types[2 * i + 1] = g.mutable ? 1 : 0;
  });
  return { ...(o as unknown as StoreState), funcs: words, hostFuncs, globalTypes: types };
}

/**
 * Encodes a captured agent (format 1).
 * @param state - the capture
 * @returns bytes
 */
export function encodeAgentState(state: AgentState): Uint8Array {
  const buf = serialize({
    format: 1,
    store: persistedStore(state.store),
    execution: state.execution,
    instanceAddr: state.instanceAddr,
  });
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/**
 * Decodes a captured agent.
 * @param bytes - what {@link encodeAgentState} produced
 * @returns the capture; its typed arrays other than `store.funcs` and `store.globalTypes` may be views of
 *   `bytes`, so `bytes` must not be reused
 * @throws EnclaveError `malformed`
 */
export function decodeAgentState(bytes: Uint8Array): AgentState {
  let v: unknown;
  try {
    v = deserialize(bytes);
  } catch {
    throw new EnclaveError('malformed', 'agent state does not decode');
  }
  const o = v as { format?: unknown; store?: unknown; execution?: unknown; instanceAddr?: unknown };
  if (
    typeof v !== 'object' ||
    v === null ||
    o.format !== 1 ||
    typeof o.store !== 'object' ||
    o.store === null ||
    typeof o.instanceAddr !== 'number'
  ) {
    throw new EnclaveError('malformed', 'agent state has the wrong shape');
  }
  return {
    store: compactStore(o.store as Record<string, unknown>),
    execution: (o.execution ?? null) as ExecutionState | null,
    instanceAddr: o.instanceAddr,
  };
}
