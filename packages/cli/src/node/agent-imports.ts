/**
 * The host's check of what an agent module imports, before an enclave is launched for it (a deploy) or an
 * arriving agent is restored: functions of the `edgedancer` ABI and of WASI preview 1
 * (`wasi_snapshot_preview1`), each with its exact type, and nothing else (no other module, no memory, table,
 * global or tag). The agent runtime checks the same again inside the enclave.
 * @module
 */
import { ValType } from '@edgedancer/interpreter';
import { ABI_IMPORTS, ABI_MODULE } from '@edgedancer/migration';
import { WASI_CALLS, WASI_MODULE } from '@edgedancer/wasi';
import { NodeError } from './http-io.js';

const CODE = { i32: ValType.I32, i64: ValType.I64 } as const;

/** The type an import must have, or `undefined` when the import is not offered. */
function offered(module: string, name: string): { params: readonly number[]; results: readonly number[] } | undefined {
  if (module === ABI_MODULE)
    return Object.hasOwn(ABI_IMPORTS, name) ? ABI_IMPORTS[name as keyof typeof ABI_IMPORTS] : undefined;
  if (module !== WASI_MODULE) return undefined;
  const c = WASI_CALLS.get(name);
  return c === undefined ? undefined : { params: c.params.map((t) => CODE[t]), results: c.results.map((t) => CODE[t]) };
}

/** A function type as the admission scan reads it: value type codes. */
export interface ScannedFuncType {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/** An import as the admission scan reads it: `kind` 0 function (with its type index), 1 table, 2 memory, 3 global, 4 tag. */
export interface ScannedImport {
  readonly module: string;
  readonly name: string;
  readonly kind: number;
  readonly typeIdx?: number;
}

/**
 * Checks every import of an agent module.
 * @param scanned - the module's types by index (`undefined`: not a function type) and imports, as
 *   `checkModuleLimits` scans them
 * @throws NodeError 422 `bad-import` naming the first import that is not offered, or not with its type
 */
export function checkAgentImports(scanned: {
  readonly types: readonly (ScannedFuncType | undefined)[];
  readonly imports: readonly ScannedImport[];
}): void {
  for (const imp of scanned.imports) {
    const where = `${imp.module}.${imp.name}`;
    const want = offered(imp.module, imp.name);
    if (want === undefined)
      throw new NodeError(422, 'bad-import', `import ${where} is neither part of the agent ABI nor of ${WASI_MODULE}`);
    const type = imp.kind === 0 && imp.typeIdx !== undefined ? scanned.types[imp.typeIdx] : undefined;
    if (
      type === undefined ||
      String(type.params) !== String(want.params) ||
      String(type.results) !== String(want.results)
    ) {
      throw new NodeError(422, 'bad-import', `import ${where} does not have the type it is offered with`);
    }
  }
}
