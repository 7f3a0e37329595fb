/**
 * `IOp.Ext`: the one case of the dispatch loop through which ops run outside it — the WebAssembly 3.0
 * instructions added after exception handling (tail calls, multi-memory and memory64 accesses; see `ExtSub` in
 * `ext-ops.ts`) and any handler registered for another sub-opcode. The loop writes its registers back to the
 * execution (`ex.pc` just past the opcode word, on the sub-opcode), calls `executeExt`, and reloads them all
 * (function, code, instance, memory, stack views) when it continues. A handler reads its immediates from `code`,
 * does its work on the execution's stacks and store, sets `ex.pc` past its immediates (or anywhere: a tail call
 * changes `ex.funcAddr`, `ex.fp` and the frames) and returns -1 (`EXT_CONTINUE`) to continue in the loop, or a
 * `LOOP_*` code to leave it. It throws a `RuntimeError` to trap. So a new slow-path instruction needs a
 * sub-opcode and a handler, not a loop case.
 * @module
 */

import { executeFuncRefExt } from './exec-func-refs.js';
import { executeGcExt } from './exec-gc.js';
import { executeAtomic64Ext, executeMem64Ext, executeSimdMem64Ext, executeTable64Ext } from './exec-memory64.js';
import { executeMemExt, executeSimdMemExt } from './exec-multi-memory.js';
import { EXT_CONTINUE, executeTailCall } from './exec-tail-calls.js';
import type { Execution } from './execution.js';
import { ExtSub } from './ext-ops.js';

export { EXT_CONTINUE };

/** Runs one escaped op; returns -1 to continue in the loop, else the LOOP_* code to leave with. */
export type ExtHandler = (ex: Execution, code: Int32Array) => number;

/** Sub-opcodes below this belong to the interpreter's own `ExtSub` ops. */
const OWN_SUBS = 0x100;

const handlers: (ExtHandler | undefined)[] = [];

/**
 * Registers the handler of escaped ops with sub-opcode `sub` (at least 256: the lower ones are the
 * interpreter's own).
 * @throws Error when `sub` is one of the interpreter's own or already has a handler
 */
export function registerExt(sub: number, handler: ExtHandler): void {
  if (sub < OWN_SUBS) throw new Error(`ext sub-opcode ${sub} is the interpreter's own`);
  if (handlers[sub] !== undefined) throw new Error(`ext sub-opcode ${sub} is taken`);
  handlers[sub] = handler;
}

/**
 * Runs the `IOp.Ext` instruction whose sub-operation is at `ex.pc` (just past the op word).
 * @returns `EXT_CONTINUE` (-1) to continue at the registers in `ex`, or a loop code to return
 */
export function executeExt(ex: Execution, code: Int32Array): number {
  const sub = code[ex.pc]!;
  switch (sub) {
    case ExtSub.ReturnCall:
    case ExtSub.ReturnCallIndirect:
    case ExtSub.ReturnCallRef:
      return executeTailCall(ex, code);
    case ExtSub.CallRef:
    case ExtSub.RefAsNonNull:
    case ExtSub.BrOnNull:
    case ExtSub.BrOnNonNull:
      return executeFuncRefExt(ex, code);
    case ExtSub.Gc:
    case ExtSub.BrOnCast:
      return executeGcExt(ex, code);
    case ExtSub.Mem:
      executeMemExt(ex, code);
      return EXT_CONTINUE;
    case ExtSub.SimdMem:
      executeSimdMemExt(ex, code);
      return EXT_CONTINUE;
    case ExtSub.Mem64:
      executeMem64Ext(ex, code);
      return EXT_CONTINUE;
    case ExtSub.Table64:
      return executeTable64Ext(ex, code);
    case ExtSub.Atomic64:
      executeAtomic64Ext(ex, code);
      return EXT_CONTINUE;
    case ExtSub.SimdMem64:
      executeSimdMem64Ext(ex, code);
      return EXT_CONTINUE;
    default: {
      const h = handlers[sub];
      if (h === undefined) throw new Error(`internal error: no handler for ext op ${sub}`);
      return h(ex, code);
    }
  }
}
