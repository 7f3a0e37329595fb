/**
 * Value type codes as the snapshot stores them (the binary format's codes) and how many 32-bit words a
 * global of each type occupies in the snapshot.
 * @module
 */

/** The value type codes a snapshot may contain. */
export const VAL_TYPE_CODES: ReadonlySet<number> = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f, 0x69]);

/** `funcref`. */
export const FUNCREF = 0x70;
/** `externref`. */
export const EXTERNREF = 0x6f;
/** `exnref` (exception handling): a reference is an exception address plus one (section 13). */
export const EXNREF = 0x69;

/** Whether `code` is a reference type. */
export function isRefType(code: number): boolean {
  return code === FUNCREF || code === EXTERNREF || code === EXNREF;
}

/**
 * Words of a global's value that the snapshot stores: i32, f32 and references 1; i64 and f64 2; v128 4.
 * The rest of the four words of `StoreState.globalValues` are zero after decoding.
 * @returns the word count, or 0 for an unknown code
 */
export function globalWords(code: number): number {
  switch (code) {
    case 0x7f:
    case 0x7d:
    case 0x70:
    case 0x6f:
    case 0x69:
      return 1;
    case 0x7e:
    case 0x7c:
      return 2;
    case 0x7b:
      return 4;
    default:
      return 0;
  }
}

/** Suspension reasons by their byte in the execution section. */
export const SUSPEND_REASONS = ['fuel', 'interrupt', 'host'] as const;
