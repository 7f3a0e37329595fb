/**
 * The agent ABI in numbers and names: the `edgedancer` import module, its functions and their types, the status
 * codes they return, and the exports by which an agent serves requests. Normative text: `docs/agents.md`.
 * @module
 */
import type { FuncType } from '@edgedancer/interpreter';

/** The import module every ABI function lives in. */
export const ABI_MODULE = 'edgedancer';

const I32 = 0x7f;
const I64 = 0x7e;

/** The functions an agent may import from `edgedancer`, with their types (an agent imports any subset). */
export const ABI_IMPORTS = {
  /** `migrate(dest_ptr, dest_len) -> status`: strong migration; returns on the destination. */
  migrate: { params: [I32, I32], results: [I32] },
  /** `migrate_weak(dest_ptr, dest_len) -> status`: weak migration after the current call returns. */
  migrate_weak: { params: [I32, I32], results: [I32] },
  /** `checkpoint() -> status`: a strong snapshot handed to the platform; 1 when resumed from it. */
  checkpoint: { params: [], results: [I32] },
  /** `node_name(buf_ptr, buf_len) -> len`: the current node's name, truncated to the buffer. */
  node_name: { params: [I32, I32], results: [I32] },
  /** `log(ptr, len)`: one line of UTF-8 for the platform's log. */
  log: { params: [I32, I32], results: [] },
} as const satisfies Record<string, FuncType>;

/** The name of an ABI import. */
export type AbiImportName = keyof typeof ABI_IMPORTS;

/** The exports the platform looks for, with their types. `memory` is required; the others are optional. */
export const ABI_EXPORTS = {
  /** `init()`: run once after the agent is loaded (never again after a migration). */
  init: { params: [], results: [] },
  /** `alloc(len) -> ptr`: room for a request of `len` bytes, owned by the agent. */
  alloc: { params: [I32], results: [I32] },
  /** `handle(req_ptr, req_len) -> i64`: serves a request; the response is `ptr | len << 32`. */
  handle: { params: [I32, I32], results: [I64] },
  /** `on_arrival(status)`: re-entry after a weak migration (0 arrived; negative: the move failed, still here). */
  on_arrival: { params: [I32], results: [] },
} as const satisfies Record<string, FuncType>;

/** The name of an ABI export other than `memory`. */
export type AbiExportName = keyof typeof ABI_EXPORTS;

/**
 * What ABI calls return. Non-negative: success; negative: the request failed and the agent goes on where it is.
 * Never a trap: a trap is kept for an out-of-bounds buffer.
 */
export const AgentStatus = {
  /** Done: the agent arrived (migrate on the destination, on_arrival), or the checkpoint was taken. */
  OK: 0,
  /** `checkpoint` only: the agent was restored from this checkpoint. */
  RESTORED: 1,
  /** The destination is unknown, malformed, or refused the agent. */
  REFUSED: -1,
  /** The transfer failed; the agent continues at the source. */
  FAILED: -2,
  /** The platform does not offer this call (no migration or checkpoint handler). */
  UNSUPPORTED: -3,
  /** Not now: a weak migration is already scheduled, or the call came from `alloc`. */
  BUSY: -4,
} as const;

/** A status code of the ABI. */
export type AgentStatusCode = (typeof AgentStatus)[keyof typeof AgentStatus];

/** Longest destination name `migrate` accepts, in UTF-8 bytes. */
export const MAX_DESTINATION_SIZE = 255;

/** The name a host function of the ABI carries in a store (and so in a snapshot): `edgedancer.<import>`. */
export function abiHostName(name: AbiImportName): string {
  return `${ABI_MODULE}.${name}`;
}

/**
 * Splits `handle`'s packed result into a response range.
 * @param packed the i64 `handle` returned: pointer in the low 32 bits, length in the high 32 bits
 * @returns the response's pointer and length, both unsigned
 * @example unpackResponse(0x0000_0005_0000_1000n) // { ptr: 4096, len: 5 }
 */
export function unpackResponse(packed: bigint): { ptr: number; len: number } {
  const u = BigInt.asUintN(64, packed);
  return { ptr: Number(u & 0xffff_ffffn), len: Number(u >> 32n) };
}

/** Whether two function types are equal (value types in order). */
export function sameFuncType(a: FuncType, b: FuncType): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((t, i) => t === b.params[i]) &&
    a.results.every((t, i) => t === b.results[i])
  );
}
