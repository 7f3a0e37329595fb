/**
 * Memory64 and table64: the address type of a memory or table (`i32`, or `i64` when its limits flag has bit 2)
 * and the bounds that come with it. The operand that indexes a memory or table — an address, an offset, a
 * length, a page or element count — has that type, in instructions and in active segments' offsets.
 * @module
 */
import { type MemType, type TableType, ValType } from './types.js';

/** The most pages a memory64 memory may declare (2^48 pages of 64 KiB: 2^64 bytes). */
export const MAX_PAGES_64 = 2 ** 48;

/** The value type of the addresses of memory or table `t`: `i64` for memory64/table64, else `i32`. */
export function addressType(t: MemType | TableType): typeof ValType.I32 | typeof ValType.I64 {
  return t.address64 === true ? ValType.I64 : ValType.I32;
}

/**
 * The type of an operand that counts across two memories or tables (`memory.copy`, `table.copy`): `i64` only
 * when both are 64-bit.
 */
export function minAddressType(
  a: MemType | TableType,
  b: MemType | TableType,
): typeof ValType.I32 | typeof ValType.I64 {
  return a.address64 === true && b.address64 === true ? ValType.I64 : ValType.I32;
}
