/**
 * Free addresses of a store, per kind of entity, that the next allocations reuse. A store fills them only when
 * its owner frees entities (the `WebAssembly` facade's default store does, for entities no JS object can reach
 * any more: see `js-api-reclaim.ts`); a store used through the low-level API alone never has any.
 * @module
 */

/** Free addresses, per kind; each list is used as a stack. */
export class FreeSlots {
  readonly funcs: number[] = [];
  readonly tables: number[] = [];
  readonly mems: number[] = [];
  readonly globals: number[] = [];
  readonly elems: number[] = [];
  readonly datas: number[] = [];
  readonly instances: number[] = [];
  readonly modules: number[] = [];
  readonly externs: number[] = [];
}

/**
 * Puts an entity at a free address of `list`, or at its end when none is free.
 * @param list the store's list of entities of that kind
 * @param free the free addresses of that list
 * @param entity the new entity
 * @returns its address
 */
export function place<T>(list: T[], free: number[], entity: T): number {
  const addr = free.pop();
  if (addr === undefined) return list.push(entity) - 1;
  list[addr] = entity;
  return addr;
}
