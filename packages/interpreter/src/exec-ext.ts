/**
 * The loop's escape for ops that run outside it: `IOp.Ext` (`[op, sub, imm…]`) hands the execution, with its
 * registers written back (`ex.pc` just past the opcode word, on `sub`), to the handler registered for `sub`. A
 * handler reads its immediates from `code`, does its work on the execution's stacks and store, sets `ex.pc` past
 * its immediates (or anywhere: a tail call may change `ex.funcAddr`, `ex.fp` and the frames) and returns -1 to
 * continue in the loop, which reloads every register, or a `LOOP_*` code to leave it. It throws a
 * `RuntimeError` to trap. So a new slow-path instruction needs a sub-opcode and a handler, not a loop case.
 * @module
 */
import type { Execution } from './execution.js';

/** Runs one escaped op; returns -1 to continue in the loop, else the LOOP_* code to leave with. */
export type ExtHandler = (ex: Execution, code: Int32Array) => number;

const handlers: (ExtHandler | undefined)[] = [];

/**
 * Registers the handler of escaped ops with sub-opcode `sub`.
 * @throws Error when `sub` already has one
 */
export function registerExt(sub: number, handler: ExtHandler): void {
  if (handlers[sub] !== undefined) throw new Error(`ext sub-opcode ${sub} is taken`);
  handlers[sub] = handler;
}

/** Runs the escaped op at `ex.pc` (its sub-opcode). */
export function executeExt(ex: Execution, code: Int32Array): number {
  const sub = code[ex.pc]!;
  const h = handlers[sub];
  if (h === undefined) throw new Error(`internal error: no handler for ext op ${sub}`);
  return h(ex, code);
}
