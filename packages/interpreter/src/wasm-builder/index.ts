/**
 * A tiny WebAssembly binary builder, exported as `@edgedancer/interpreter/wasm-builder`: LEB128, instruction
 * bytes, and small modules from a plain description, for tests, benchmarks and tools that build modules in code.
 * Not part of the interpreter's main entry point; no dependencies, no `node:` imports.
 * @module
 */

export { I } from './instructions.js';
export { encodeS32, encodeU32 } from './leb128.js';
export { buildModule, type FuncSpec, type FuncType, type ImportSpec, type ModuleSpec, T } from './module-builder.js';
