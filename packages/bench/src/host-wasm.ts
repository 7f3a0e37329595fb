/**
 * Node's own `WebAssembly` (V8), typed minimally: the package builds without
 * lib `dom`, where TypeScript keeps the full declarations.
 * @module
 */

/** The part of the JS API this package uses. */
export interface HostWebAssembly {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** V8's `WebAssembly` object of this process. */
export const hostWebAssembly: HostWebAssembly = (globalThis as unknown as { WebAssembly: HostWebAssembly }).WebAssembly;
