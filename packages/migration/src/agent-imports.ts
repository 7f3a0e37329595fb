/**
 * The host side of the `edgedancer` import module: one host function per ABI import, bound to an agent's
 * binding (its id, its host, and the requests its calls leave for the driver). `migrate` and `checkpoint`
 * suspend the execution (`SUSPEND`) so that the driver can capture it with the call pending; everything the
 * node provides is read from the host at call time and never stored in wasm state.
 * @module
 */
import { type HostFunction, i32, type Store, SUSPEND, type WasmValue } from '@edgedancer/interpreter';
import { ABI_IMPORTS, type AbiImportName, AgentStatus, MAX_DESTINATION_SIZE } from './agent-abi.js';
import { AgentError } from './agent-errors.js';
import type { AgentHost } from './agent-host.js';
import { memoryRange, writeMemory } from './agent-memory.js';

/** A call of the agent that suspended its execution, for the driver to complete. */
export type PendingRequest =
  | { readonly kind: 'migrate'; readonly destination: string }
  | { readonly kind: 'checkpoint' };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

const status = (s: number): WasmValue[] => [i32(s)];
const u32 = (v: WasmValue): number => (v as { value: number }).value >>> 0;

/** The mutable part of an agent that its ABI calls read and write. */
export class AbiBinding {
  readonly agentId: string;
  readonly host: AgentHost;
  /** Set by `migrate` / `checkpoint` when they suspend; taken by the driver. */
  pending: PendingRequest | null = null;
  /** Set by a successful `migrate_weak`: the move happens when the running call returns. */
  weakDestination: string | null = null;
  /** True while `alloc` runs: migrations and checkpoints answer `BUSY` then. */
  inAlloc = false;
  readonly #functions: Record<AbiImportName, HostFunction>;

  /**
   * @param agentId the agent these calls belong to
   * @param host the node
   */
  constructor(agentId: string, host: AgentHost) {
    this.agentId = agentId;
    this.host = host;
    this.#functions = {
      migrate: (args, ctx) => this.#migrate('strong', args, ctx.store as Store, ctx.memAddr),
      migrate_weak: (args, ctx) => this.#migrate('weak', args, ctx.store as Store, ctx.memAddr),
      checkpoint: () => this.#checkpoint(),
      node_name: (args, ctx) => this.#nodeName(args, ctx.store as Store, ctx.memAddr),
      log: (args, ctx) => this.#log(args, ctx.store as Store, ctx.memAddr),
    };
  }

  /** The host function implementing an ABI import. */
  hostFunction(name: AbiImportName): HostFunction {
    return this.#functions[name];
  }

  /**
   * A `HostResolver` for `Store.restore`: maps the names the store recorded (`edgedancer.<import>`) back to
   * this binding's functions.
   * @throws {AgentError} `bad-import` for any other name or type
   */
  readonly resolve = (
    storeName: string,
    type: { params: readonly number[]; results: readonly number[] },
  ): HostFunction => {
    const name = storeName.startsWith('edgedancer.') ? storeName.slice('edgedancer.'.length) : '';
    const expected = Object.hasOwn(ABI_IMPORTS, name) ? ABI_IMPORTS[name as AbiImportName] : undefined;
    if (
      expected === undefined ||
      String(expected.params) !== String(type.params) ||
      String(expected.results) !== String(type.results)
    ) {
      throw new AgentError('bad-import', `host function ${JSON.stringify(storeName)} is not part of the agent ABI`);
    }
    return this.#functions[name as AbiImportName];
  };

  #migrate(
    mode: 'strong' | 'weak',
    args: WasmValue[],
    store: Store,
    memAddr: number | null,
  ): WasmValue[] | typeof SUSPEND {
    const bytes = memoryRange(store, memAddr, u32(args[0]!), u32(args[1]!));
    let destination: string;
    try {
      destination = strict.decode(bytes);
    } catch {
      return status(AgentStatus.REFUSED); // malformed UTF-8 names no node
    }
    if (bytes.length === 0 || bytes.length > MAX_DESTINATION_SIZE) return status(AgentStatus.REFUSED);
    if (this.inAlloc || this.weakDestination !== null) return status(AgentStatus.BUSY);
    if (this.host.authorizeMigration === undefined) return status(AgentStatus.UNSUPPORTED);
    const decision = this.host.authorizeMigration({ agentId: this.agentId, destination, mode });
    if (decision !== AgentStatus.OK) return status(checkStatus(decision));
    if (mode === 'weak') {
      this.weakDestination = destination;
      return status(AgentStatus.OK);
    }
    this.pending = { kind: 'migrate', destination };
    return SUSPEND;
  }

  #checkpoint(): WasmValue[] | typeof SUSPEND {
    if (this.inAlloc) return status(AgentStatus.BUSY);
    if (this.host.checkpoint === undefined) return status(AgentStatus.UNSUPPORTED);
    this.pending = { kind: 'checkpoint' };
    return SUSPEND;
  }

  #nodeName(args: WasmValue[], store: Store, memAddr: number | null): WasmValue[] {
    const ptr = u32(args[0]!);
    const cap = u32(args[1]!);
    memoryRange(store, memAddr, ptr, cap);
    const name = encoder.encode(this.host.nodeName);
    writeMemory(store, memAddr, ptr, name.subarray(0, Math.min(cap, name.length)));
    return status(name.length);
  }

  #log(args: WasmValue[], store: Store, memAddr: number | null): WasmValue[] {
    const bytes = memoryRange(store, memAddr, u32(args[0]!), u32(args[1]!));
    this.host.log?.(lenient.decode(bytes), this.agentId);
    return [];
  }
}

/**
 * A host's answer as an ABI status: a negative safe integer.
 * @throws {RangeError} otherwise (a host bug, not the agent's)
 */
export function checkStatus(s: number): number {
  if (!Number.isSafeInteger(s) || s >= 0 || s < -0x8000_0000) {
    throw new RangeError(`a host's refusal must be a negative i32 status, got ${s}`);
  }
  return s;
}
