/**
 * `IOp.Ext`: the one case of the dispatch loop through which the WebAssembly 3.0 instructions added after
 * exception handling run, outside the loop. The loop writes its registers back to the execution, calls
 * `executeExt`, and reloads them all (function, code, instance, memory, stack views) when it continues.
 * @module
 */
import type { Execution } from './execution.js';
import { ExtSub } from './ext-ops.js';
import { EXT_CONTINUE, executeTailCall } from './exec-tail-calls.js';
import { executeMemExt, executeSimdMemExt } from './exec-multi-memory.js';

export { EXT_CONTINUE };

/**
 * Runs the `IOp.Ext` instruction whose sub-operation is at `ex.pc` (just past the op word).
 * @returns `EXT_CONTINUE` (-1) to continue at the registers in `ex`, or a loop code to return
 */
export function executeExt(ex: Execution, code: Int32Array): number {
  switch (code[ex.pc]!) {
    case ExtSub.ReturnCall:
    case ExtSub.ReturnCallIndirect:
      return executeTailCall(ex, code);
    case ExtSub.Mem:
      executeMemExt(ex, code);
      return EXT_CONTINUE;
    case ExtSub.SimdMem:
      executeSimdMemExt(ex, code);
      return EXT_CONTINUE;
    default:
      throw new Error(`internal error: unknown IOp.Ext sub-operation ${code[ex.pc]}`);
  }
}
