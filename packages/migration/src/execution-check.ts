/**
 * Consistency rules of a suspended execution against its store, shared by encoder and decoder: frames name
 * wasm functions, frame pointers stay within the value stack and never decrease, a pending host call names
 * a host function exactly when the reason is `host`.
 * @module
 */
import type { ExecutionState } from '@edgedancer/interpreter';
import { fail } from './errors.js';
import { funcCount, isHostFunc, isIndex } from './store-check.js';
import { SUSPEND_REASONS } from './value-types.js';

/** Words of one frame: `funcAddr`, `offset`, `fp`. */
export const FRAME_WORDS = 3;

/** Words of one value-stack slot. */
export const SLOT_WORDS = 2;

/**
 * Checks an execution against the functions of its store, in the normative order: entry, stack and frame
 * lengths, at least one frame, each frame from the bottom (the last is the running one), reason and
 * pending call.
 * @param funcs the store's functions, two words each (`StoreState.funcs`)
 * @throws {SnapshotError} `bad-index`, `bad-type`, `bad-value` or `bad-length`
 */
export function checkExecution(e: ExecutionState, funcs: Int32Array): void {
  const n = funcCount(funcs);
  if (!isIndex(e.entryFuncAddr, n)) fail('bad-index', 'execution.entryFuncAddr is out of range');
  if (isHostFunc(funcs, e.entryFuncAddr)) fail('bad-type', 'execution.entryFuncAddr is not a wasm function');
  if (e.stack.length % SLOT_WORDS !== 0) fail('bad-length', 'execution.stack is not two words a slot');
  if (e.frames.length % FRAME_WORDS !== 0) fail('bad-length', 'execution.frames is not three words a frame');
  if (e.frames.length === 0) fail('bad-value', 'execution has no frame');
  const slots = e.stack.length / SLOT_WORDS;
  let prevFp = 0;
  for (let i = 0; i < e.frames.length; i += FRAME_WORDS) {
    const at = `execution.frames[${i / FRAME_WORDS}]`;
    const funcAddr = e.frames[i]!;
    const offset = e.frames[i + 1]!;
    const fp = e.frames[i + 2]!;
    if (!isIndex(funcAddr, n)) fail('bad-index', `${at}.funcAddr is out of range`);
    if (isHostFunc(funcs, funcAddr)) fail('bad-type', `${at}.funcAddr is not a wasm function`);
    if (offset < 0) fail('bad-value', `${at}.offset is negative`);
    if (fp < prevFp || fp > slots) fail('bad-value', `${at}.fp is outside the stack or below the previous frame's`);
    prevFp = fp;
  }
  const reason = SUSPEND_REASONS.indexOf(e.reason);
  if (reason < 0) fail('bad-type', 'execution.reason is unknown');
  if ((e.reason === 'host') !== (e.pendingCall !== null))
    fail('bad-value', 'execution.pendingCall must be set exactly for reason "host"');
  if (e.pendingCall !== null) {
    if (!isIndex(e.pendingCall, n)) fail('bad-index', 'execution.pendingCall is out of range');
    if (!isHostFunc(funcs, e.pendingCall)) fail('bad-type', 'execution.pendingCall is not a host function');
  }
}
