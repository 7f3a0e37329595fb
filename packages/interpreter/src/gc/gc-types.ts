/**
 * Struct and array types at run time, by canonical type id (`heap-types.ts`): each field's storage type (`i8`,
 * `i16` or a value type with canonical type indices), its mutability, and the heap layout (`heap-layout.ts`)
 * the {@link GcHeap} places objects with. Registered when a module's types are validated, so that the
 * interpreter's GC ops and constant expressions find a type's fields from the canonical id they carry.
 * @module
 */

import type { SubTypeDecl } from '../heap-types.js';
import { CompKind, canonicalValType, isRefType } from '../heap-types.js';
import { type ObjectLayout, objectLayout, Storage } from './heap-layout.js';

/** The packed storage type codes (as the binary format spells them). */
export const PackedCode = { I8: 0x78, I16: 0x77 } as const;

/** A struct or array type's fields as the interpreter needs them. */
export interface GcTypeInfo {
  readonly kind: 'struct' | 'array';
  /** Storage type of each field (an array: its one element): `0x78`/`0x77` or a canonical value type. */
  readonly types: readonly number[];
  /** Whether each field is mutable. */
  readonly mutable: readonly boolean[];
  readonly layout: ObjectLayout;
}

/** Per canonical id: its struct or array type (undefined for function types). Bounded like the canonical ids. */
const infos: (GcTypeInfo | undefined)[] = [];

/** The heap storage kind of a field's storage type. */
export function storageOf(t: number): Storage {
  switch (t) {
    case PackedCode.I8:
      return Storage.I8;
    case PackedCode.I16:
      return Storage.I16;
    case 0x7f:
      return Storage.I32;
    case 0x7e:
      return Storage.I64;
    case 0x7d:
      return Storage.F32;
    case 0x7c:
      return Storage.F64;
    case 0x7b:
      return Storage.V128;
    default:
      if (!isRefType(t)) throw new RangeError(`not a storage type: ${t}`);
      return Storage.Ref;
  }
}

/** Records the struct and array types of a module's validated declarations under their canonical ids. */
export function registerGcTypes(decls: readonly SubTypeDecl[], ids: readonly number[]): void {
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i]!;
    const id = ids[i]!;
    if (d.kind === CompKind.Func || infos[id] !== undefined) continue;
    const types: number[] = [];
    const mutable: boolean[] = [];
    for (let k = 0; k < d.params.length; k += 2) {
      mutable.push(d.params[k] === 1);
      const t = d.params[k + 1]!;
      types.push(t === PackedCode.I8 || t === PackedCode.I16 ? t : canonicalValType(t, ids));
    }
    const kind = d.kind === CompKind.Struct ? 'struct' : 'array';
    infos[id] = { kind, types, mutable, layout: objectLayout(kind, types.map(storageOf)) };
  }
}

/** The struct or array type with canonical id `id`. */
export function gcTypeInfo(id: number): GcTypeInfo {
  const info = infos[id];
  if (info === undefined) throw new RangeError(`canonical type ${id} is not a struct or array type`);
  return info;
}

/** The struct or array type with canonical id `id`, or undefined. */
export function findGcTypeInfo(id: number): GcTypeInfo | undefined {
  return infos[id];
}
