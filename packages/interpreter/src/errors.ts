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
  /** `throw_ref` of a null reference. */
  NullExceptionReference: 'null-exception-reference',
  /** A wasm exception that no handler caught (see `UncaughtException`). */
  UncaughtException: 'uncaught-exception',
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
  'null-exception-reference': 'null exception reference',
  'uncaught-exception': 'uncaught exception',
};

/** A trap. `code` identifies it; the message contains the spec's wording. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
  readonly code: TrapCode;
  constructor(code: TrapCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? TRAP_MESSAGES[code], options);
    this.code = code;
  }
}

/** Creates the trap for `code` with the spec's message. */
export function trap(code: TrapCode): RuntimeError {
  return new RuntimeError(code);
}
