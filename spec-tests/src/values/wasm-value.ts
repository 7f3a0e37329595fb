/**
 * The value type the runner speaks: the interpreter's bit-exact `WasmValue`. Every file of the runner takes it
 * from here, so the runner has exactly one dependency point on the interpreter's value shape (type-only: no
 * runtime import, so the runner still loads when the interpreter does not).
 * @module
 */
export type { ValTypeName, WasmValue } from '@edgedancer/interpreter';
