/**
 * What makes a module an agent: imports only from the `edgedancer` ABI with its types, and a `memory` plus the
 * optional ABI exports with theirs. Checked when an agent is loaded or restored, before it runs.
 * @module
 */
import { type Extern, type FuncType, Module, type Store } from '@edgedancer/interpreter';
import {
  ABI_EXPORTS,
  ABI_IMPORTS,
  ABI_MODULE,
  type AbiExportName,
  type AbiImportName,
  abiHostName,
  sameFuncType,
} from './agent-abi.js';
import { AgentError } from './agent-errors.js';
import type { AgentHostModule } from './agent-host-module.js';
import type { AbiBinding } from './agent-imports.js';
import { hashModule } from './digest.js';

/** An agent's exports by ABI name: function addresses (absent when not exported) and the memory address. */
export interface AgentExports {
  readonly memory: number;
  readonly init?: number;
  readonly alloc?: number;
  readonly handle?: number;
  readonly on_arrival?: number;
}

/** A compiled agent module with its SHA-256. */
export interface AgentModule {
  readonly module: Module;
  readonly hash: Uint8Array;
}

const hashes = new WeakMap<Module, Uint8Array>();

/**
 * Compiles agent bytes (or takes a compiled module) and hashes its bytes, once per `Module`.
 * @throws {CompileError} when the bytes do not compile
 */
export function agentModule(source: Uint8Array | Module): AgentModule {
  const module = source instanceof Module ? source : new Module(source);
  let hash = hashes.get(module);
  if (hash === undefined) {
    hash = hashModule(module.bytes);
    hashes.set(module, hash);
  }
  return { module, hash };
}

/** One import of an agent: an ABI function, or a function of one of the host modules it was given. */
export type AgentImport =
  | { readonly kind: 'abi'; readonly name: AbiImportName }
  | { readonly kind: 'host'; readonly module: AgentHostModule; readonly field: string; readonly type: FuncType };

/**
 * The imports of a module, in its import order: `edgedancer` ABI functions and functions of `hostModules`.
 * @throws {AgentError} `bad-import` when an import is neither a function of the ABI with the ABI's type nor a
 *   function a host module offers with that type
 */
export function agentImportsOf(module: Module, hostModules: readonly AgentHostModule[] = []): AgentImport[] {
  const d = module.compiled.decoded;
  return d.imports.map((imp): AgentImport => {
    const where = `${imp.module}.${imp.name}`;
    const host = imp.module === ABI_MODULE ? undefined : hostModules.find((m) => m.importModule === imp.module);
    if (host !== undefined) {
      const type = imp.desc.kind === 0 ? d.types[imp.desc.typeIdx]! : undefined;
      if (type === undefined || host.resolve(imp.name, type) === undefined) {
        throw new AgentError('bad-import', `import ${where} is not a function ${imp.module} offers with that type`);
      }
      return { kind: 'host', module: host, field: imp.name, type };
    }
    if (imp.module !== ABI_MODULE || !Object.hasOwn(ABI_IMPORTS, imp.name)) {
      throw new AgentError('bad-import', `import ${where} is not part of the agent ABI`);
    }
    const name = imp.name as AbiImportName;
    if (imp.desc.kind !== 0 || !sameFuncType(d.types[imp.desc.typeIdx]!, ABI_IMPORTS[name])) {
      throw new AgentError('bad-import', `import ${where} does not have the ABI's type`);
    }
    return { kind: 'abi', name };
  });
}

/**
 * Allocates the host functions a module imports, in its import order: ABI functions named
 * `edgedancer.<import>`, host modules' functions named `<module>.<field>`.
 * @throws {AgentError} `bad-import`
 */
export function allocImports(
  store: Store,
  module: Module,
  binding: AbiBinding,
  hostModules: readonly AgentHostModule[] = [],
): Extern[] {
  return agentImportsOf(module, hostModules).map((imp) =>
    imp.kind === 'abi'
      ? store.hostFunc(ABI_IMPORTS[imp.name], binding.hostFunction(imp.name), abiHostName(imp.name))
      : store.hostFunc(imp.type, imp.module.resolve(imp.field, imp.type)!, `${imp.module.importModule}.${imp.field}`),
  );
}

/**
 * Finds and checks an instance's ABI exports.
 * @throws {AgentError} `missing-export` without a memory export; `bad-export` for a wrong kind or type
 */
export function agentExportsOf(store: Store, instanceAddr: number): AgentExports {
  const mem = store.exportOf(instanceAddr, 'memory');
  if (mem === undefined) throw new AgentError('missing-export', 'an agent exports its memory as "memory"');
  if (mem.kind !== 'memory') throw new AgentError('bad-export', 'export "memory" is not a memory');
  const found: { -readonly [K in keyof AgentExports]: AgentExports[K] } = { memory: mem.addr };
  for (const name of Object.keys(ABI_EXPORTS) as AbiExportName[]) {
    const ext = store.exportOf(instanceAddr, name);
    if (ext === undefined) continue;
    const type: FuncType | undefined = ext.kind === 'func' ? store.funcType(ext.addr) : undefined;
    if (type === undefined || !sameFuncType(type, ABI_EXPORTS[name])) {
      throw new AgentError('bad-export', `export "${name}" does not have the ABI's type`);
    }
    found[name] = ext.addr;
  }
  return found;
}
