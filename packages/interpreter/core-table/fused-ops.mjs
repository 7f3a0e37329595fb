/**
 * The fused register-form ops of the core table (`fuse.ts` decides when to emit them). One entry per op:
 * name, opcode, operand layout, kind, a line of documentation and the semantics. Layout names are the
 * immediates after the opcode word, in order; in a body `$x` stands for immediate `x` (`code[pc + i]`). Slot
 * operands (`d`, `a`, `b`, `v`, `y`, `e`) are word offsets from the frame base `fw`; `s` is the stack height
 * after the op (slots from `fp`), `target` a branch target in the fused copy; every other name is a constant.
 *
 * Kinds: `op` — straight-line; the generator appends `sp = fp + s`, the pc step and `break`. `branch` — `pre`
 * statements and a `cond`: the generator adds the jump, with the interrupt check at back-edges. `custom` — the
 * body is the whole case (variable-length ops).
 * Fuel: a fused op costs its group's instruction count when it is the group's first op, else 0 (the fuser
 * writes it into the word); plain ops cost 1.
 * Read by `scripts/gen-core.mjs`.
 * @module
 */

/** i32 comparison of x and y by the flags f (1 unsigned, 2 equal, 4 negate, 8 swap). */
const cmpFlags = `const f = $f;
if ((f & 1) !== 0) {
  x ^= -0x80000000;
  y ^= -0x80000000;
}`;
const cmpCond = '((f & 2) !== 0 ? x === y : (f & 8) !== 0 ? y < x : x < y) !== ((f & 4) !== 0)';
/** d = a + rhs (i32), also kept in x for the comparison. */
const addInto = (rhs) => `const d = fw + $d;
const r0 = (s32[fw + $a]! + ${rhs}) | 0;
s32[d] = r0;
s32[d + 1] = 0;
let x = r0;`;

/** The blocks of computed fused opcodes (the fuser adds a WebAssembly opcode's distance from the block's first). */
export const fusedBases = [
  { name: 'REG_BASE', value: 0x100, doc: 'Register form of numeric op `x` (0x45…0xc4): `REG_BASE + x − 0x45`.' },
  {
    name: 'RC_BASE',
    value: 0x180,
    doc: 'i32 binary op `x` (0x46…0x78) with a constant right operand: `RC_BASE + x − 0x46`.',
  },
  { name: 'MEM_BASE', value: 0x1b8, doc: 'Load or store `x` (0x28…0x3e) with slot operands: `MEM_BASE + x − 0x28`.' },
  {
    name: 'RC64_BASE',
    value: 0x200,
    doc: 'i64 binary op `x` (0x7c…0x8a) with a constant right operand `[op, d, a, lo, hi, s]`: `RC64_BASE + x − 0x7c`.',
  },
  {
    name: 'MEMAC_BASE',
    value: 0x230,
    doc: 'Load or store `x` (0x28…0x3e) at a slot plus a constant (a folded `i32.add`): `MEMAC_BASE + x − 0x28`.',
  },
];

export const fusedOps = [
  {
    name: 'I32Eqz',
    code: 0x100,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32Eqz of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = s32[a] === 0 ? 1 : 0; s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Eq',
    code: 0x101,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Eq of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x === y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Ne',
    code: 0x102,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Ne of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x !== y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LtS',
    code: 0x103,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32LtS of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x < y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LtU',
    code: 0x104,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32LtU of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x >>> 0 < y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GtS',
    code: 0x105,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32GtS of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x > y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GtU',
    code: 0x106,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32GtU of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x >>> 0 > y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LeS',
    code: 0x107,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32LeS of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x <= y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LeU',
    code: 0x108,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32LeU of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x >>> 0 <= y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GeS',
    code: 0x109,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32GeS of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x >= y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GeU',
    code: 0x10a,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32GeU of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x >>> 0 >= y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Eqz',
    code: 0x10b,
    layout: 'd a s',
    kind: 'op',
    doc: 'I64Eqz of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = (s32[a]! | s32[a + 1]!) === 0 ? 1 : 0;
    s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Eq',
    code: 0x10c,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Eq of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64Eq(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Ne',
    code: 0x10d,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Ne of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64Ne(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64LtS',
    code: 0x10e,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64LtS of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64LtS(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64LtU',
    code: 0x10f,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64LtU of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64LtU(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64GtS',
    code: 0x110,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64GtS of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64GtS(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64GtU',
    code: 0x111,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64GtU of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64GtU(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64LeS',
    code: 0x112,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64LeS of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64LeS(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64LeU',
    code: 0x113,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64LeU of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64LeU(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64GeS',
    code: 0x114,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64GeS of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64GeS(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64GeU',
    code: 0x115,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64GeU of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = i64GeU(s32, a, b) ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Eq',
    code: 0x116,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Eq of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f32[a]! === f32[b]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Ne',
    code: 0x117,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Ne of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f32[a]! !== f32[b]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Lt',
    code: 0x118,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Lt of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f32[a]! < f32[b]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Gt',
    code: 0x119,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Gt of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f32[a]! > f32[b]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Le',
    code: 0x11a,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Le of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f32[a]! <= f32[b]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Ge',
    code: 0x11b,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Ge of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f32[a]! >= f32[b]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Eq',
    code: 0x11c,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Eq of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f64[a >> 1]! === f64[b >> 1]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Ne',
    code: 0x11d,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Ne of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f64[a >> 1]! !== f64[b >> 1]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Lt',
    code: 0x11e,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Lt of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f64[a >> 1]! < f64[b >> 1]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Gt',
    code: 0x11f,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Gt of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f64[a >> 1]! > f64[b >> 1]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Le',
    code: 0x120,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Le of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f64[a >> 1]! <= f64[b >> 1]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Ge',
    code: 0x121,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Ge of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const r = f64[a >> 1]! >= f64[b >> 1]! ? 1 : 0; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Clz',
    code: 0x122,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32Clz of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = Math.clz32(s32[a]!); s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Ctz',
    code: 0x123,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32Ctz of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const v = s32[a]!;
    s32[d] = v === 0 ? 32 : 31 - Math.clz32(v & -v); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Popcnt',
    code: 0x124,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32Popcnt of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; let v = s32[a]!; v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    s32[d] = Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Add',
    code: 0x125,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Add of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = (x + y) | 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Sub',
    code: 0x126,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Sub of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = (x - y) | 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Mul',
    code: 0x127,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Mul of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = Math.imul(x, y); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32DivS',
    code: 0x128,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32DivS of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
    if (x === -2147483648 && y === -1) throw new RuntimeError(TrapCode.IntegerOverflow); s32[d] = (x / y) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32DivU',
    code: 0x129,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32DivU of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero); s32[d] = ((x >>> 0) / (y >>> 0)) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32RemS',
    code: 0x12a,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32RemS of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero); s32[d] = (x % y) | 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32RemU',
    code: 0x12b,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32RemU of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero); s32[d] = ((x >>> 0) % (y >>> 0)) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32And',
    code: 0x12c,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32And of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x & y; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Or',
    code: 0x12d,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Or of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x | y; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Xor',
    code: 0x12e,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Xor of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x ^ y; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Shl',
    code: 0x12f,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Shl of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x << y; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32ShrS',
    code: 0x130,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32ShrS of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x >> y; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32ShrU',
    code: 0x131,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32ShrU of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = x >>> y; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Rotl',
    code: 0x132,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Rotl of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = (x << (y & 31)) | (x >>> (32 - (y & 31))); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Rotr',
    code: 0x133,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I32Rotr of slot a and slot b',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = s32[fw + $b]!;
    s32[d] = (x >>> (y & 31)) | (x << (32 - (y & 31))); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Clz',
    code: 0x134,
    layout: 'd a s',
    kind: 'op',
    doc: 'I64Clz of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; i64Clz(s32, d, a);
  `,
  },
  {
    name: 'I64Ctz',
    code: 0x135,
    layout: 'd a s',
    kind: 'op',
    doc: 'I64Ctz of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; i64Ctz(s32, d, a);
  `,
  },
  {
    name: 'I64Popcnt',
    code: 0x136,
    layout: 'd a s',
    kind: 'op',
    doc: 'I64Popcnt of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; i64Popcnt(s32, d, a);
  `,
  },
  {
    name: 'I64Add',
    code: 0x137,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Add of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; const al = s32[a]!;
    const bl = s32[b]!; const lo = (al + bl) | 0;
    const hi = (s32[a + 1]! + s32[b + 1]! + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64Sub',
    code: 0x138,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Sub of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; const al = s32[a]!;
    const bl = s32[b]!; const hi = (s32[a + 1]! - s32[b + 1]! - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
    s32[d] = (al - bl) | 0; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64Mul',
    code: 0x139,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Mul of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64Mul(s32, d, a, b);
  `,
  },
  {
    name: 'I64DivS',
    code: 0x13a,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64DivS of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64DivS(s32, d, a, b);
  `,
  },
  {
    name: 'I64DivU',
    code: 0x13b,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64DivU of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64DivU(s32, d, a, b);
  `,
  },
  {
    name: 'I64RemS',
    code: 0x13c,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64RemS of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64RemS(s32, d, a, b);
  `,
  },
  {
    name: 'I64RemU',
    code: 0x13d,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64RemU of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64RemU(s32, d, a, b);
  `,
  },
  {
    name: 'I64And',
    code: 0x13e,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64And of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const lo = s32[a]! & s32[b]!; const hi = s32[a + 1]! & s32[b + 1]!; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64Or',
    code: 0x13f,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Or of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const lo = s32[a]! | s32[b]!; const hi = s32[a + 1]! | s32[b + 1]!; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64Xor',
    code: 0x140,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Xor of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const lo = s32[a]! ^ s32[b]!; const hi = s32[a + 1]! ^ s32[b + 1]!; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64Shl',
    code: 0x141,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Shl of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64Shl(s32, d, a, b);
  `,
  },
  {
    name: 'I64ShrS',
    code: 0x142,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64ShrS of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64ShrS(s32, d, a, b);
  `,
  },
  {
    name: 'I64ShrU',
    code: 0x143,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64ShrU of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64ShrU(s32, d, a, b);
  `,
  },
  {
    name: 'I64Rotl',
    code: 0x144,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Rotl of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64Rotl(s32, d, a, b);
  `,
  },
  {
    name: 'I64Rotr',
    code: 0x145,
    layout: 'd a b s',
    kind: 'op',
    doc: 'I64Rotr of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; i64Rotr(s32, d, a, b);
  `,
  },
  {
    name: 'F32Abs',
    code: 0x146,
    layout: 'd a s',
    kind: 'op',
    doc: 'F32Abs of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = s32[a]! & 0x7fffffff; s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Neg',
    code: 0x147,
    layout: 'd a s',
    kind: 'op',
    doc: 'F32Neg of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = s32[a]! ^ -0x80000000; s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Sqrt',
    code: 0x14c,
    layout: 'd a s',
    kind: 'op',
    doc: 'F32Sqrt of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const v = Math.sqrt(f32[a]!); f32[d] = v;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Add',
    code: 0x14d,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Add of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f32[d] = f32[a]! + f32[b]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Sub',
    code: 0x14e,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Sub of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f32[d] = f32[a]! - f32[b]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Mul',
    code: 0x14f,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Mul of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f32[d] = f32[a]! * f32[b]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Div',
    code: 0x150,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Div of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f32[d] = f32[a]! / f32[b]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Min',
    code: 0x151,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Min of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f32[d] = f32Min(f32[a]!, f32[b]!); s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Max',
    code: 0x152,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Max of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f32[d] = f32Max(f32[a]!, f32[b]!); s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32Copysign',
    code: 0x153,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Copysign of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    const v = (s32[a]! & 0x7fffffff) | (s32[b]! & -0x80000000); s32[d] = v; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Abs',
    code: 0x154,
    layout: 'd a s',
    kind: 'op',
    doc: 'F64Abs of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const lo = s32[a]!;
    const hi = s32[a + 1]! & 0x7fffffff; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'F64Neg',
    code: 0x155,
    layout: 'd a s',
    kind: 'op',
    doc: 'F64Neg of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const lo = s32[a]!;
    const hi = s32[a + 1]! ^ -0x80000000; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'F64Sqrt',
    code: 0x15a,
    layout: 'd a s',
    kind: 'op',
    doc: 'F64Sqrt of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; f64[d >> 1] = Math.sqrt(f64[a >> 1]!);
  `,
  },
  {
    name: 'F64Add',
    code: 0x15b,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Add of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f64[d >> 1] = f64[a >> 1]! + f64[b >> 1]!;
  `,
  },
  {
    name: 'F64Sub',
    code: 0x15c,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Sub of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f64[d >> 1] = f64[a >> 1]! - f64[b >> 1]!;
  `,
  },
  {
    name: 'F64Mul',
    code: 0x15d,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Mul of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f64[d >> 1] = f64[a >> 1]! * f64[b >> 1]!;
  `,
  },
  {
    name: 'F64Div',
    code: 0x15e,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Div of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f64[d >> 1] = f64[a >> 1]! / f64[b >> 1]!;
  `,
  },
  {
    name: 'F64Min',
    code: 0x15f,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Min of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f64[d >> 1] = f64Min(f64[a >> 1]!, f64[b >> 1]!);
  `,
  },
  {
    name: 'F64Max',
    code: 0x160,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Max of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b;
    f64[d >> 1] = f64Max(f64[a >> 1]!, f64[b >> 1]!);
  `,
  },
  {
    name: 'F64Copysign',
    code: 0x161,
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Copysign of slots a and b',
    body: `
    const d = fw + $d; const a = fw + $a; const b = fw + $b; const lo = s32[a]!;
    const hi = (s32[a + 1]! & 0x7fffffff) | (s32[b + 1]! & -0x80000000); s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I32WrapI64',
    code: 0x162,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32WrapI64 of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = s32[a]!; s32[d] = r; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32TruncF32S',
    code: 0x163,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32TruncF32S of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = i32TruncF32S(f32[a]!); s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32TruncF64S',
    code: 0x165,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32TruncF64S of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = i32TruncF64S(f64[a >> 1]!); s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32TruncF64U',
    code: 0x166,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32TruncF64U of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = i32TruncF64U(f64[a >> 1]!); s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64ExtendI32S',
    code: 0x167,
    layout: 'd a s',
    kind: 'op',
    doc: 'I64ExtendI32S of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const v = s32[a]!; s32[d] = v; s32[d + 1] = v >> 31;
  `,
  },
  {
    name: 'I64ExtendI32U',
    code: 0x168,
    layout: 'd a s',
    kind: 'op',
    doc: 'I64ExtendI32U of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const v = s32[a]!; s32[d] = v; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32ConvertI32S',
    code: 0x16d,
    layout: 'd a s',
    kind: 'op',
    doc: 'F32ConvertI32S of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const v = s32[a]!; f32[d] = v; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32ConvertI32U',
    code: 0x16e,
    layout: 'd a s',
    kind: 'op',
    doc: 'F32ConvertI32U of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const v = s32[a]! >>> 0; f32[d] = v; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F32DemoteF64',
    code: 0x171,
    layout: 'd a s',
    kind: 'op',
    doc: 'F32DemoteF64 of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const v = f64[a >> 1]!; f32[d] = v; s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64ConvertI32S',
    code: 0x172,
    layout: 'd a s',
    kind: 'op',
    doc: 'F64ConvertI32S of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; f64[d >> 1] = s32[a]!;
  `,
  },
  {
    name: 'F64ConvertI32U',
    code: 0x173,
    layout: 'd a s',
    kind: 'op',
    doc: 'F64ConvertI32U of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; f64[d >> 1] = s32[a]! >>> 0;
  `,
  },
  {
    name: 'F64PromoteF32',
    code: 0x176,
    layout: 'd a s',
    kind: 'op',
    doc: 'F64PromoteF32 of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; f64[d >> 1] = f32[a]!;
  `,
  },
  {
    name: 'I32Extend8S',
    code: 0x17b,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32Extend8S of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = (s32[a]! << 24) >> 24; s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Extend16S',
    code: 0x17c,
    layout: 'd a s',
    kind: 'op',
    doc: 'I32Extend16S of slot a',
    body: `
    const d = fw + $d; const a = fw + $a; const r = (s32[a]! << 16) >> 16; s32[d] = r;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32EqC',
    code: 0x180,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Eq of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x === y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32NeC',
    code: 0x181,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Ne of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x !== y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LtSC',
    code: 0x182,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32LtS of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x < y ? 1 : 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LtUC',
    code: 0x183,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32LtU of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x >>> 0 < y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GtSC',
    code: 0x184,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32GtS of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x > y ? 1 : 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GtUC',
    code: 0x185,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32GtU of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x >>> 0 > y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LeSC',
    code: 0x186,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32LeS of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x <= y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32LeUC',
    code: 0x187,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32LeU of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x >>> 0 <= y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GeSC',
    code: 0x188,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32GeS of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x >= y ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32GeUC',
    code: 0x189,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32GeU of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = x >>> 0 >= y >>> 0 ? 1 : 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32AddC',
    code: 0x1a4,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Add of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = (x + y) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32SubC',
    code: 0x1a5,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Sub of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = (x - y) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32MulC',
    code: 0x1a6,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Mul of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = Math.imul(x, y); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32DivSC',
    code: 0x1a7,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32DivS of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
    if (x === -2147483648 && y === -1) throw new RuntimeError(TrapCode.IntegerOverflow); s32[d] = (x / y) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32DivUC',
    code: 0x1a8,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32DivU of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero); s32[d] = ((x >>> 0) / (y >>> 0)) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32RemSC',
    code: 0x1a9,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32RemS of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero); s32[d] = (x % y) | 0; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32RemUC',
    code: 0x1aa,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32RemU of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero); s32[d] = ((x >>> 0) % (y >>> 0)) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32AndC',
    code: 0x1ab,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32And of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x & y;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32OrC',
    code: 0x1ac,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Or of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x | y;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32XorC',
    code: 0x1ad,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Xor of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x ^ y;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32ShlC',
    code: 0x1ae,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Shl of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x << y;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32ShrSC',
    code: 0x1af,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32ShrS of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x >> y;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32ShrUC',
    code: 0x1b0,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32ShrU of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c; s32[d] = x >>> y;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32RotlC',
    code: 0x1b1,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Rotl of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = (x << (y & 31)) | (x >>> (32 - (y & 31))); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32RotrC',
    code: 0x1b2,
    layout: 'd a c s',
    kind: 'op',
    doc: 'I32Rotr of slot a and the constant c',
    body: `
    const d = fw + $d; const x = s32[fw + $a]!; const y = $c;
    s32[d] = (x >>> (y & 31)) | (x << (32 - (y & 31))); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Load',
    code: 0x1b8,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I32Load at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); s32[d] = dv.getInt32(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Load',
    code: 0x1b9,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I64Load at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 8 > memLen) oob(); const lo = dv.getInt32(ad, true); s32[d + 1] = dv.getInt32(ad + 4, true);
    s32[d] = lo;
  `,
  },
  {
    name: 'F32Load',
    code: 0x1ba,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'F32Load at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); s32[d] = dv.getInt32(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64Load',
    code: 0x1bb,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'F64Load at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 8 > memLen) oob(); const lo = dv.getInt32(ad, true); s32[d + 1] = dv.getInt32(ad + 4, true);
    s32[d] = lo;
  `,
  },
  {
    name: 'I32Load8S',
    code: 0x1bc,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I32Load8S at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); s32[d] = dv.getInt8(ad); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Load8U',
    code: 0x1bd,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I32Load8U at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); s32[d] = u8[ad]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Load16S',
    code: 0x1be,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I32Load16S at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); s32[d] = dv.getInt16(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Load16U',
    code: 0x1bf,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I32Load16U at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); s32[d] = dv.getUint16(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Load8S',
    code: 0x1c0,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I64Load8S at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); const v = dv.getInt8(ad); s32[d] = v; s32[d + 1] = v >> 31;
  `,
  },
  {
    name: 'I64Load8U',
    code: 0x1c1,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I64Load8U at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); s32[d] = u8[ad]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Load16S',
    code: 0x1c2,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I64Load16S at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); const v = dv.getInt16(ad, true); s32[d] = v; s32[d + 1] = v >> 31;
  `,
  },
  {
    name: 'I64Load16U',
    code: 0x1c3,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I64Load16U at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); s32[d] = dv.getUint16(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Load32S',
    code: 0x1c4,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I64Load32S at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); const v = dv.getInt32(ad, true); s32[d] = v; s32[d + 1] = v >> 31;
  `,
  },
  {
    name: 'I64Load32U',
    code: 0x1c5,
    layout: 'd a offset s',
    kind: 'op',
    doc: 'I64Load32U at slot a + offset',
    body: `
    const d = fw + $d; const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); s32[d] = dv.getInt32(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Store',
    code: 0x1c6,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'I32Store of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'I64Store',
    code: 0x1c7,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'I64Store of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 8 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dv.setInt32(ad + 4, s32[v + 1]!, true);
    dirty[ad >>> 12] = 1; dirty[(ad + 7) >>> 12] = 1;
  `,
  },
  {
    name: 'F32Store',
    code: 0x1c8,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'F32Store of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'F64Store',
    code: 0x1c9,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'F64Store of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 8 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dv.setInt32(ad + 4, s32[v + 1]!, true);
    dirty[ad >>> 12] = 1; dirty[(ad + 7) >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store8',
    code: 0x1ca,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'I32Store8 of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 1 > memLen) oob();
    const v = fw + $v; u8[ad] = s32[v]!; dirty[ad >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store16',
    code: 0x1cb,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'I32Store16 of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 2 > memLen) oob();
    const v = fw + $v; dv.setInt16(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 1) >>> 12] = 1;
  `,
  },
  {
    name: 'I64Store8',
    code: 0x1cc,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'I64Store8 of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 1 > memLen) oob();
    const v = fw + $v; u8[ad] = s32[v]!; dirty[ad >>> 12] = 1;
  `,
  },
  {
    name: 'I64Store16',
    code: 0x1cd,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'I64Store16 of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 2 > memLen) oob();
    const v = fw + $v; dv.setInt16(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 1) >>> 12] = 1;
  `,
  },
  {
    name: 'I64Store32',
    code: 0x1ce,
    layout: 'a v offset s',
    kind: 'op',
    doc: 'I64Store32 of slot v at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'I32StoreC',
    code: 0x1d0,
    layout: 'a c offset s',
    kind: 'op',
    doc: 'I32Store of the constant c at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    dv.setInt32(ad, $c, true); dirty[ad >>> 12] = 1; dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'I64StoreC',
    code: 0x1d1,
    layout: 'a lo hi offset s',
    kind: 'op',
    doc: 'I64Store of the constant hi:lo at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 8 > memLen) oob();
    dv.setInt32(ad, $lo, true); dv.setInt32(ad + 4, $hi, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 7) >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store8C',
    code: 0x1d2,
    layout: 'a c offset s',
    kind: 'op',
    doc: 'I32Store8 of the constant c at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 1 > memLen) oob();
    u8[ad] = $c; dirty[ad >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store16C',
    code: 0x1d3,
    layout: 'a c offset s',
    kind: 'op',
    doc: 'I32Store16 of the constant c at slot a + offset',
    body: `
    const ad = (s32[fw + $a]! >>> 0) + ($offset >>> 0); if (ad + 2 > memLen) oob();
    dv.setInt16(ad, $c, true); dirty[ad >>> 12] = 1; dirty[(ad + 1) >>> 12] = 1;
  `,
  },
  {
    name: 'BrIfNZ',
    code: 0x1d4,
    layout: 'a target s',
    kind: 'branch',
    doc: 'jump when slot a is not zero',
    pre: '',
    cond: 's32[fw + $a] !== 0',
  },
  {
    name: 'BrIfZ',
    code: 0x1d5,
    layout: 'a target s',
    kind: 'branch',
    doc: 'jump when slot a is zero',
    pre: '',
    cond: 's32[fw + $a] === 0',
  },
  {
    name: 'BrIfCmp',
    code: 0x1d6,
    layout: 'a b f target s',
    kind: 'branch',
    doc: 'jump when the i32 comparison f (bits: 1 unsigned, 2 equal, 4 negate, 8 swap) of slots a and b holds',
    pre: `let x = s32[fw + $a]!;\nlet y = s32[fw + $b]!;\n${cmpFlags}`,
    cond: cmpCond,
  },
  {
    name: 'BrIfCmpC',
    code: 0x1d7,
    layout: 'a c f target s',
    kind: 'branch',
    doc: 'as `BrIfCmp` with the constant c',
    pre: `let x = s32[fw + $a]!;\nlet y = $c;\n${cmpFlags}`,
    cond: cmpCond,
  },
  {
    name: 'AddBrIfCmp',
    code: 0x1d8,
    layout: 'd a b y f target s',
    kind: 'branch',
    doc: 'd = a + b, then as `BrIfCmp` of d and slot y',
    pre: `${addInto('s32[fw + $b]!')}\nlet y = s32[fw + $y]!;\n${cmpFlags}`,
    cond: cmpCond,
  },
  {
    name: 'AddBrIfCmpC',
    code: 0x1d9,
    layout: 'd a b c f target s',
    kind: 'branch',
    doc: 'd = a + b, then as `BrIfCmpC` of d and c',
    pre: `${addInto('s32[fw + $b]!')}\nlet y = $c;\n${cmpFlags}`,
    cond: cmpCond,
  },
  {
    name: 'AddCBrIfCmp',
    code: 0x1da,
    layout: 'd a k y f target s',
    kind: 'branch',
    doc: 'd = a + k, then as `BrIfCmp` of d and slot y',
    pre: `${addInto('$k')}\nlet y = s32[fw + $y]!;\n${cmpFlags}`,
    cond: cmpCond,
  },
  {
    name: 'AddCBrIfCmpC',
    code: 0x1db,
    layout: 'd a k c f target s',
    kind: 'branch',
    doc: 'd = a + k, then as `BrIfCmpC` of d and c',
    pre: `${addInto('$k')}\nlet y = $c;\n${cmpFlags}`,
    cond: cmpCond,
  },
  {
    name: 'Copy',
    code: 0x1ea,
    layout: 'd a s',
    kind: 'op',
    doc: 'copy slot a to slot d',
    body: `
    const d = fw + $d; const a = fw + $a; const lo = s32[a]!; s32[d + 1] = s32[a + 1]!;
    s32[d] = lo;
  `,
  },
  {
    name: 'Const32',
    code: 0x1eb,
    layout: 'd c s',
    kind: 'op',
    doc: 'slot d = v (high word 0)',
    body: `
    const d = fw + $d; s32[d] = $c; s32[d + 1] = 0;
  `,
  },
  {
    name: 'Const64',
    code: 0x1ec,
    layout: 'd lo hi s',
    kind: 'op',
    doc: 'slot d = hi:lo',
    body: `
    const d = fw + $d; s32[d] = $lo; s32[d + 1] = $hi;
  `,
  },
  { name: 'SetSp', code: 0x1ed, layout: 's', kind: 'op', doc: 'sp = fp + s', body: '' },
  {
    name: 'Nop',
    code: 0x1ee,
    layout: '',
    kind: 'op',
    doc: 'nothing: carries the fuel cost of a group whose instructions all vanished',
    body: '',
  },
  {
    name: 'I64AddC',
    code: 0x200,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64Add of slot a and the constant hi:lo',
    body: `
    const d = fw + $d; const a = fw + $a; const al = s32[a]!;
    const lo = (al + $lo) | 0;
    const hi = (s32[a + 1]! + $hi + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0; s32[d] = lo;
    s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64SubC',
    code: 0x201,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64Sub of slot a and the constant hi:lo',
    body: `
    const d = fw + $d; const a = fw + $a; const al = s32[a]!; const bl = $lo;
    const hi = (s32[a + 1]! - $hi - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; s32[d] = (al - bl) | 0;
    s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64MulC',
    code: 0x202,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64Mul of slot a and the constant hi:lo',
    body: `
    const d = fw + $d; const a = fw + $a; i64MulK(s32, d, a, $lo, $hi);
  `,
  },
  {
    name: 'I64AndC',
    code: 0x207,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64And of slot a and the constant hi:lo',
    body: `
    const d = fw + $d; const a = fw + $a; const lo = s32[a]! & $lo;
    const hi = s32[a + 1]! & $hi; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64OrC',
    code: 0x208,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64Or of slot a and the constant hi:lo',
    body: `
    const d = fw + $d; const a = fw + $a; const lo = s32[a]! | $lo;
    const hi = s32[a + 1]! | $hi; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64XorC',
    code: 0x209,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64Xor of slot a and the constant hi:lo',
    body: `
    const d = fw + $d; const a = fw + $a; const lo = s32[a]! ^ $lo;
    const hi = s32[a + 1]! ^ $hi; s32[d] = lo; s32[d + 1] = hi;
  `,
  },
  {
    name: 'I64ShlC',
    code: 0x20a,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64Shl of slot a and the constant hi:lo',
    body: `
    const d = fw + $d;
    const a = fw + $a;
    const l = s32[a]!;
    const h = s32[a + 1]!;
    const k = $lo & 63;
    if (k >= 32) {
      s32[d + 1] = l << (k - 32);
      s32[d] = 0;
    } else if (k !== 0) {
      s32[d + 1] = (h << k) | (l >>> (32 - k));
      s32[d] = l << k;
    } else {
      s32[d] = l;
      s32[d + 1] = h;
    }
  `,
  },
  {
    name: 'I64ShrSC',
    code: 0x20b,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64ShrS of slot a and the constant hi:lo',
    body: `
    const d = fw + $d;
    const a = fw + $a;
    const l = s32[a]!;
    const h = s32[a + 1]!;
    const k = $lo & 63;
    if (k >= 32) {
      s32[d] = h >> (k - 32);
      s32[d + 1] = h >> 31;
    } else if (k !== 0) {
      s32[d] = (l >>> k) | (h << (32 - k));
      s32[d + 1] = h >> k;
    } else {
      s32[d] = l;
      s32[d + 1] = h;
    }
  `,
  },
  {
    name: 'I64ShrUC',
    code: 0x20c,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64ShrU of slot a and the constant hi:lo',
    body: `
    const d = fw + $d;
    const a = fw + $a;
    const l = s32[a]!;
    const h = s32[a + 1]!;
    const k = $lo & 63;
    if (k >= 32) {
      s32[d] = h >>> (k - 32);
      s32[d + 1] = 0;
    } else if (k !== 0) {
      s32[d] = (l >>> k) | (h << (32 - k));
      s32[d + 1] = h >>> k;
    } else {
      s32[d] = l;
      s32[d + 1] = h;
    }
  `,
  },
  {
    name: 'I64RotlC',
    code: 0x20d,
    layout: 'd a lo hi s',
    kind: 'op',
    doc: 'I64Rotl of slot a and the constant hi:lo',
    body: `
    const d = fw + $d; const a = fw + $a; i64RotlK(s32, d, a, $lo);
  `,
  },
  {
    name: 'I32LoadAC',
    code: 0x230,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I32Load at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); s32[d] = dv.getInt32(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64LoadAC',
    code: 0x231,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I64Load at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 8 > memLen) oob(); const lo = dv.getInt32(ad, true); s32[d + 1] = dv.getInt32(ad + 4, true);
    s32[d] = lo;
  `,
  },
  {
    name: 'F32LoadAC',
    code: 0x232,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'F32Load at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); s32[d] = dv.getInt32(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'F64LoadAC',
    code: 0x233,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'F64Load at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 8 > memLen) oob(); const lo = dv.getInt32(ad, true); s32[d + 1] = dv.getInt32(ad + 4, true);
    s32[d] = lo;
  `,
  },
  {
    name: 'I32Load8SAC',
    code: 0x234,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I32Load8S at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); s32[d] = dv.getInt8(ad); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Load8UAC',
    code: 0x235,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I32Load8U at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); s32[d] = u8[ad]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Load16SAC',
    code: 0x236,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I32Load16S at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); s32[d] = dv.getInt16(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32Load16UAC',
    code: 0x237,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I32Load16U at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); s32[d] = dv.getUint16(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Load8SAC',
    code: 0x238,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I64Load8S at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); const v = dv.getInt8(ad); s32[d] = v; s32[d + 1] = v >> 31;
  `,
  },
  {
    name: 'I64Load8UAC',
    code: 0x239,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I64Load8U at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 1 > memLen) oob(); s32[d] = u8[ad]!; s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Load16SAC',
    code: 0x23a,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I64Load16S at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); const v = dv.getInt16(ad, true); s32[d] = v; s32[d + 1] = v >> 31;
  `,
  },
  {
    name: 'I64Load16UAC',
    code: 0x23b,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I64Load16U at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 2 > memLen) oob(); s32[d] = dv.getUint16(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I64Load32SAC',
    code: 0x23c,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I64Load32S at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); const v = dv.getInt32(ad, true); s32[d] = v; s32[d + 1] = v >> 31;
  `,
  },
  {
    name: 'I64Load32UAC',
    code: 0x23d,
    layout: 'd a c offset s',
    kind: 'op',
    doc: 'I64Load32U at (slot a + c) + offset',
    body: `
    const d = fw + $d;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    if (ad + 4 > memLen) oob(); s32[d] = dv.getInt32(ad, true); s32[d + 1] = 0;
  `,
  },
  {
    name: 'I32StoreAC',
    code: 0x23e,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'I32Store of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'I64StoreAC',
    code: 0x23f,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'I64Store of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 8 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dv.setInt32(ad + 4, s32[v + 1]!, true);
    dirty[ad >>> 12] = 1; dirty[(ad + 7) >>> 12] = 1;
  `,
  },
  {
    name: 'F32StoreAC',
    code: 0x240,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'F32Store of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'F64StoreAC',
    code: 0x241,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'F64Store of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 8 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dv.setInt32(ad + 4, s32[v + 1]!, true);
    dirty[ad >>> 12] = 1; dirty[(ad + 7) >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store8AC',
    code: 0x242,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'I32Store8 of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 1 > memLen) oob();
    const v = fw + $v; u8[ad] = s32[v]!; dirty[ad >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store16AC',
    code: 0x243,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'I32Store16 of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 2 > memLen) oob();
    const v = fw + $v; dv.setInt16(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 1) >>> 12] = 1;
  `,
  },
  {
    name: 'I64Store8AC',
    code: 0x244,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'I64Store8 of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 1 > memLen) oob();
    const v = fw + $v; u8[ad] = s32[v]!; dirty[ad >>> 12] = 1;
  `,
  },
  {
    name: 'I64Store16AC',
    code: 0x245,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'I64Store16 of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 2 > memLen) oob();
    const v = fw + $v; dv.setInt16(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 1) >>> 12] = 1;
  `,
  },
  {
    name: 'I64Store32AC',
    code: 0x246,
    layout: 'a c v offset s',
    kind: 'op',
    doc: 'I64Store32 of slot v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    const v = fw + $v; dv.setInt32(ad, s32[v]!, true); dirty[ad >>> 12] = 1;
    dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'I32StoreCAC',
    code: 0x248,
    layout: 'a c k offset s',
    kind: 'op',
    doc: 'I32Store of the constant v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 4 > memLen) oob();
    dv.setInt32(ad, $k, true); dirty[ad >>> 12] = 1; dirty[(ad + 3) >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store8CAC',
    code: 0x249,
    layout: 'a c k offset s',
    kind: 'op',
    doc: 'I32Store8 of the constant v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 1 > memLen) oob();
    u8[ad] = $k; dirty[ad >>> 12] = 1;
  `,
  },
  {
    name: 'I32Store16CAC',
    code: 0x24a,
    layout: 'a c k offset s',
    kind: 'op',
    doc: 'I32Store16 of the constant v at (slot a + c) + offset',
    body: `
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0); if (ad + 2 > memLen) oob();
    dv.setInt16(ad, $k, true); dirty[ad >>> 12] = 1; dirty[(ad + 1) >>> 12] = 1;
  `,
  },
  {
    name: 'CopyN',
    code: 0x24c,
    layout: 'n (d a)* s',
    kind: 'custom',
    doc: 'n copies in order, slot a to slot d',
    body: `
    const n = code[pc]!;
    let q = pc + 1;
    for (let k = 0; k < n; k++) {
      const d = fw + code[q]!;
      const a = fw + code[q + 1]!;
      const lo = s32[a]!;
      s32[d + 1] = s32[a + 1]!;
      s32[d] = lo;
      q += 2;
    }
    sp = (fp + code[q]!) | 0;
    pc = q + 1;
    break;
  `,
  },
  {
    name: 'F64MulAdd',
    code: 0x257,
    layout: 'd a b e s',
    kind: 'op',
    doc: 'd = a * b + c, f64 (two roundings, as two instructions)',
    body: `
    const d = fw + $d;
    f64[d >> 1] = f64[(fw + $a) >> 1]! * f64[(fw + $b) >> 1]! + f64[(fw + $e) >> 1]!;
  `,
  },
  {
    name: 'F32MulAdd',
    code: 0x265,
    layout: 'd a b e s',
    kind: 'op',
    doc: 'd = a * b + c, f32 (the product rounded to f32, then the sum)',
    body: `
    const d = fw + $d;
    f32[d] = Math.fround(f32[fw + $a]! * f32[fw + $b]!) + f32[fw + $e]!;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'BrIfFCmp',
    code: 0x266,
    layout: 'a b f target s',
    kind: 'branch',
    doc: 'jump when the float comparison of slots a and b holds (f bit 4: does not hold); the comparison is `f >> 4`: f32 eq, ne, lt, gt, le, ge, then the same for f64',
    pre: `const f = $f;
    const k = f >> 4;
    let x: number;
    let y: number;
    if (k < 6) {
      x = f32[fw + $a]!;
      y = f32[fw + $b]!;
    } else {
      x = f64[(fw + $a) >> 1]!;
      y = f64[(fw + $b) >> 1]!;
    }
    const j = k < 6 ? k : k - 6;
    const r = j === 4 ? x <= y : j === 2 ? x < y : j === 5 ? x >= y : j === 3 ? x > y : j === 0 ? x === y : x !== y;`,
    cond: 'r !== ((f & 4) !== 0)',
  },
  {
    name: 'I32MulAdd',
    code: 0x25b,
    layout: 'd a b e s',
    kind: 'op',
    doc: 'd = a * b + c',
    body: `
    const d = fw + $d;
    s32[d] = (Math.imul(s32[fw + $a]!, s32[fw + $b]!) + s32[fw + $e]!) | 0;
    s32[d + 1] = 0;
  `,
  },
  {
    name: 'BrIfLoad',
    code: 0x263,
    layout: 'a c offset f target s',
    kind: 'branch',
    doc: 'jump when the i32 (f bit 1: the byte) at (slot a + c) + offset is not zero (f bit 4: is zero)',
    pre: `const f = $f;
    const ad = ((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0);
    let v: number;
    if ((f & 1) !== 0) {
      if (ad + 1 > memLen) oob();
      v = u8[ad]!;
    } else {
      if (ad + 4 > memLen) oob();
      v = dv.getInt32(ad, true);
    }`,
    cond: '(v !== 0) !== ((f & 4) !== 0)',
  },
];
