/**
 * The error classes of the WebAssembly JS API, with what a runtime adds: the byte offset of a compile error
 * and the trap code of a runtime error. Messages contain the spec's wording.
 * @module
 */

/** A module failed to decode or validate. `offset` is the byte offset in the module where it was found. */
export class CompileError extends Error {
  override name = 'CompileError';
  /** Byte offset in the module bytes. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at byte offset ${offset})`);
    this.offset = offset;
  }
  /** The spec wording without the offset. */
  get reason(): string {
    return this.message.replace(/ \(at byte offset \d+\)$/, '');
  }
}

/** Instantiation failed because an import is missing or does not match. */
export class LinkError extends Error {
  override name = 'LinkError';
}

/** Trap codes, one per trap the spec defines, plus the runtime's own limits. */
export const TrapCode = {
  Unreachable: 'unreachable',
  MemoryOutOfBounds: 'memory-out-of-bounds',
  TableOutOfBounds: 'table-out-of-bounds',
  IndirectCallToNull: 'indirect-call-to-null',
  BadSignature: 'bad-signature',
  IntegerOverflow: 'integer-overflow',
  IntegerDivideByZero: 'integer-divide-by-zero',
  BadConversionToInteger: 'bad-conversion-to-integer',
  UninitializedElement: 'uninitialized-element',
  UndefinedElement: 'undefined-element',
  CallStackExhausted: 'call-stack-exhausted',
  HostError: 'host-error',
  /** Threads: an atomic access whose effective address is not a multiple of its width. */
  UnalignedAtomic: 'unaligned-atomic',
  /** Threads: `memory.atomic.wait32/64` on a memory that is not shared. */
  ExpectedSharedMemory: 'expected-shared-memory',
  /** Threads: a wait without timeout on a memory no other agent holds (nothing could ever wake it). */
  WaitForever: 'wait-forever',
  /** Threads: the host does not let this thread block (`Atomics.wait` refused, as on a browser's main thread). */
  WaitNotAllowed: 'wait-not-allowed',
  /** `throw_ref` of a null reference. */
  NullExceptionReference: 'null-exception-reference',
  /** A wasm exception that no handler caught (see `UncaughtException`). */
  UncaughtException: 'uncaught-exception',
  /** Typed function references: `call_ref`/`return_call_ref` of a null reference. */
  NullFunctionReference: 'null-function-reference',
  /** Typed function references: `ref.as_non_null` of a null reference. */
  NullReference: 'null-reference',
  /** GC: `ref.cast` (or a cast constant) of a value that is not of the target type. */
  CastFailure: 'cast-failure',
  /** GC: a struct access through a null reference. */
  NullStructReference: 'null-struct-reference',
  /** GC: an array access through a null reference. */
  NullArrayReference: 'null-array-reference',
  /** GC: `i31.get_s`/`i31.get_u` of a null reference. */
  NullI31Reference: 'null-i31-reference',
  /** GC: an array index or range past the array's length. */
  ArrayOutOfBounds: 'array-out-of-bounds',
  /** GC: an allocation past the heap's limit. */
  HeapExhausted: 'heap-exhausted',
} as const;
export type TrapCode = (typeof TrapCode)[keyof typeof TrapCode];

const TRAP_MESSAGES: Record<TrapCode, string> = {
  unreachable: 'unreachable executed',
  'memory-out-of-bounds': 'out of bounds memory access',
  'table-out-of-bounds': 'out of bounds table access',
  'indirect-call-to-null': 'uninitialized element',
  'bad-signature': 'indirect call type mismatch',
  'integer-overflow': 'integer overflow',
  'integer-divide-by-zero': 'integer divide by zero',
  'bad-conversion-to-integer': 'invalid conversion to integer',
  'uninitialized-element': 'uninitialized element',
  'undefined-element': 'undefined element',
  'call-stack-exhausted': 'call stack exhausted',
  'host-error': 'host function failed',
  'unaligned-atomic': 'unaligned atomic',
  'expected-shared-memory': 'expected shared memory',
  'wait-forever': 'atomic wait without timeout on a memory no other agent holds would block forever',
  'wait-not-allowed': 'atomic wait is not allowed on this thread',
  'null-exception-reference': 'null exception reference',
  'uncaught-exception': 'uncaught exception',
  'null-function-reference': 'null function reference',
  'null-reference': 'null reference',
  'cast-failure': 'cast failure',
  'null-struct-reference': 'null structure reference',
  'null-array-reference': 'null array reference',
  'null-i31-reference': 'null i31 reference',
  'array-out-of-bounds': 'out of bounds array access',
  'heap-exhausted': 'out of memory: GC heap exhausted',
};

/** A trap. `code` identifies it; the message contains the spec's wording. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
  readonly code: TrapCode;
  /**
   * @param code the trap code; anything else is taken as the JS API's `new RuntimeError(message, options)`
   *   (as Emscripten's `abort` calls it): the message, code `host-error`
   */
  constructor(code: TrapCode, message?: string, options?: { cause?: unknown }) {
    const known = typeof code === 'string' && Object.hasOwn(TRAP_MESSAGES, code);
    if (known) super(message ?? TRAP_MESSAGES[code], options);
    else super(code === undefined ? '' : String(code), typeof message === 'object' ? message : options);
    this.code = known ? code : TrapCode.HostError;
  }
}

/** Creates the trap for `code` with the spec's message. */
export function trap(code: TrapCode): RuntimeError {
  return new RuntimeError(code);
}

/** Why a capture was refused. */
export type CaptureErrorCode = 'shared-memory-in-use';

/**
 * A store capture was refused. `shared-memory-in-use`: a shared memory of the store is held by another agent
 * (a worker that adopted it), which could write to it while the snapshot is taken and after; a shared memory
 * that only its own store holds captures like any other.
 */
export class CaptureError extends Error {
  override name = 'CaptureError';
  readonly code: CaptureErrorCode;
  constructor(code: CaptureErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
