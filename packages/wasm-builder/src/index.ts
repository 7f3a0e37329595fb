/**
 * A tiny WebAssembly binary builder for tests and the benchmark: LEB128, instruction bytes, and small modules
 * from a plain description.
 * @module
 */
export { encodeS32, encodeU32 } from './leb128.js';
export { I } from './instructions.js';
export { buildModule, T, type FuncSpec, type FuncType, type ImportSpec, type ModuleSpec } from './module-builder.js';
