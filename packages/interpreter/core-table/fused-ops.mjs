/**
 * The fused register-form ops of the core table (`fuse.ts` decides when to emit them), written as families: a
 * family is a template (layout and semantics, once) applied to a list of parameters (a width, a view method,
 * an operator), and yields one entry per op — name, opcode, operand layout, kind, a line of documentation and
 * the semantics. Layout names are the immediates after the opcode word, in order; in a body `$x` stands for
 * immediate `x` (`code[pc + i]`). Slot operands (`d`, `a`, `b`, `v`, `y`, `e`) are word offsets from the frame
 * base `fw`; `s` is the stack height after the op (slots from `fp`), `target` a branch target in the fused
 * copy; every other name is a constant.
 *
 * Kinds: `op` — straight-line; the generator appends `sp = fp + s`, the pc step and `break`. `branch` — `pre`
 * statements and a `cond`: the generator adds the jump, with the interrupt check at back-edges. `custom` — the
 * body is the whole case (variable-length ops).
 * Fuel: a fused op costs its group's instruction count when it is the group's first op, else 0 (the fuser
 * writes it into the word); plain ops cost 1.
 * Opcodes of the computed families sit in blocks that mirror WebAssembly's numbering (`fusedBases`).
 * Read by `scripts/gen-core.mjs`.
 * @module
 */

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
  {
    name: 'MEMK_BASE',
    value: 0x270,
    doc: 'Load or store `x` (0x28…0x3e) at a constant address (a folded `i32.const`): `MEMK_BASE + x − 0x28`; only the ops of `MEM_TWIN`.',
  },
  {
    name: 'MEMAB_BASE',
    value: 0x290,
    doc: 'Load or store `x` (0x28…0x3e) at the sum of two slots (a folded `i32.add`): `MEMAB_BASE + x − 0x28`; only the ops of `MEM_TWIN`.',
  },
];
const base = Object.fromEntries(fusedBases.map((b) => [b.name, b.value]));
const reg = (x) => base.REG_BASE + x - 0x45;

// ---------------------------------------------------------------------------------------------------------------
// Values: how a type is read from a slot (word offset `w`) and how a result is written to slot `d`.

/** Reads a value of type t at word offset expression w. */
const read = {
  i32: (w) => `s32[${w}]!`,
  f32: (w) => `f32[${w}]!`,
  f64: (w) => `f64[(${w}) >> 1]!`,
};
/** Writes expression e of type t to the slot at `d` (32-bit results clear the high word). */
const write = {
  i32: (e) => `s32[d] = ${e};\ns32[d + 1] = 0;`,
  f32: (e) => `f32[d] = ${e};\ns32[d + 1] = 0;`,
  f64: (e) => `f64[d >> 1] = ${e};`,
};

// ---------------------------------------------------------------------------------------------------------------
// Family: unary register forms `[op, d, a, s]`. Each: name, WebAssembly opcode, then either a result type, an
// operand type and an expression of the operand `v`, or a statement list over the word offsets `d`, `a`.

const unaries = [
  ['I32Eqz', 0x45, 'i32', 'i32', (v) => `${v} === 0 ? 1 : 0`],
  ['I64Eqz', 0x50, 'i32', null, () => '(s32[a]! | s32[a + 1]!) === 0 ? 1 : 0'],
  ['I32Clz', 0x67, 'i32', 'i32', (v) => `Math.clz32(${v})`],
  [
    'I32Ctz',
    0x68,
    `const v = s32[a]!;
s32[d] = v === 0 ? 32 : 31 - Math.clz32(v & -v);
s32[d + 1] = 0;`,
  ],
  [
    'I32Popcnt',
    0x69,
    `let v = s32[a]!;
v = v - ((v >>> 1) & 0x55555555);
v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
s32[d] = Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
s32[d + 1] = 0;`,
  ],
  ['I64Clz', 0x79, 'i64Clz(s32, d, a);'],
  ['I64Ctz', 0x7a, 'i64Ctz(s32, d, a);'],
  ['I64Popcnt', 0x7b, 'i64Popcnt(s32, d, a);'],
  ['F32Abs', 0x8b, 'i32', null, () => 's32[a]! & 0x7fffffff'],
  ['F32Neg', 0x8c, 'i32', null, () => 's32[a]! ^ -0x80000000'],
  ['F32Sqrt', 0x91, 'f32', 'f32', (v) => `Math.sqrt(${v})`],
  ['F64Abs', 0x99, 'const lo = s32[a]!;\nconst hi = s32[a + 1]! & 0x7fffffff;\ns32[d] = lo;\ns32[d + 1] = hi;'],
  ['F64Neg', 0x9a, 'const lo = s32[a]!;\nconst hi = s32[a + 1]! ^ -0x80000000;\ns32[d] = lo;\ns32[d + 1] = hi;'],
  ['F64Sqrt', 0x9f, 'f64', 'f64', (v) => `Math.sqrt(${v})`],
  ['I32WrapI64', 0xa7, 'i32', 'i32', (v) => v],
  ['I32TruncF32S', 0xa8, 'i32', 'f32', (v) => `i32TruncF32S(${v})`],
  ['I32TruncF64S', 0xaa, 'i32', 'f64', (v) => `i32TruncF64S(${v})`],
  ['I32TruncF64U', 0xab, 'i32', 'f64', (v) => `i32TruncF64U(${v})`],
  ['I64ExtendI32S', 0xac, 'const v = s32[a]!;\ns32[d] = v;\ns32[d + 1] = v >> 31;'],
  ['I64ExtendI32U', 0xad, 'i32', 'i32', (v) => v],
  ['F32ConvertI32S', 0xb2, 'f32', 'i32', (v) => v],
  ['F32ConvertI32U', 0xb3, 'f32', 'i32', (v) => `${v} >>> 0`],
  ['F32DemoteF64', 0xb6, 'f32', 'f64', (v) => v],
  ['F64ConvertI32S', 0xb7, 'f64', 'i32', (v) => v],
  ['F64ConvertI32U', 0xb8, 'f64', 'i32', (v) => `${v} >>> 0`],
  ['F64PromoteF32', 0xbb, 'f64', 'f32', (v) => v],
  ['I32Extend8S', 0xc0, 'i32', 'i32', (v) => `(${v} << 24) >> 24`],
  ['I32Extend16S', 0xc1, 'i32', 'i32', (v) => `(${v} << 16) >> 16`],
];

function unaryOps() {
  return unaries.map(([name, x, ty, inTy, expr]) => {
    const stmts = typeof ty === 'string' && expr === undefined ? ty : write[ty](expr(inTy ? read[inTy]('a') : ''));
    return {
      name,
      code: reg(x),
      layout: 'd a s',
      kind: 'op',
      doc: `${name} of slot a`,
      body: `const d = fw + $d;\nconst a = fw + $a;\n${stmts}`,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Family: binary ops of one type on two operands `x`, `y`. Each: name, WebAssembly opcode, result expression,
// and optionally statements before it (traps). i32 ops come in two forms from the one definition: register
// (`[op, d, a, b, s]`, REG_BASE) and constant right operand (`[op, d, a, c, s]`, RC_BASE).

const divZero = 'if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);';
const i32Binaries = [
  ['I32Eq', 0x46, 'x === y ? 1 : 0'],
  ['I32Ne', 0x47, 'x !== y ? 1 : 0'],
  ['I32LtS', 0x48, 'x < y ? 1 : 0'],
  ['I32LtU', 0x49, 'x >>> 0 < y >>> 0 ? 1 : 0'],
  ['I32GtS', 0x4a, 'x > y ? 1 : 0'],
  ['I32GtU', 0x4b, 'x >>> 0 > y >>> 0 ? 1 : 0'],
  ['I32LeS', 0x4c, 'x <= y ? 1 : 0'],
  ['I32LeU', 0x4d, 'x >>> 0 <= y >>> 0 ? 1 : 0'],
  ['I32GeS', 0x4e, 'x >= y ? 1 : 0'],
  ['I32GeU', 0x4f, 'x >>> 0 >= y >>> 0 ? 1 : 0'],
  ['I32Add', 0x6a, '(x + y) | 0'],
  ['I32Sub', 0x6b, '(x - y) | 0'],
  ['I32Mul', 0x6c, 'Math.imul(x, y)'],
  [
    'I32DivS',
    0x6d,
    '(x / y) | 0',
    `${divZero}\nif (x === -2147483648 && y === -1) throw new RuntimeError(TrapCode.IntegerOverflow);`,
  ],
  ['I32DivU', 0x6e, '((x >>> 0) / (y >>> 0)) | 0', divZero],
  ['I32RemS', 0x6f, '(x % y) | 0', divZero],
  ['I32RemU', 0x70, '((x >>> 0) % (y >>> 0)) | 0', divZero],
  ['I32And', 0x71, 'x & y'],
  ['I32Or', 0x72, 'x | y'],
  ['I32Xor', 0x73, 'x ^ y'],
  ['I32Shl', 0x74, 'x << y'],
  ['I32ShrS', 0x75, 'x >> y'],
  ['I32ShrU', 0x76, 'x >>> y'],
  ['I32Rotl', 0x77, '(x << (y & 31)) | (x >>> (32 - (y & 31)))'],
  ['I32Rotr', 0x78, '(x >>> (y & 31)) | (x << (32 - (y & 31)))'],
];

function i32BinaryOps() {
  const out = [];
  for (const [name, x, expr, pre] of i32Binaries) {
    const tail = `${pre === undefined ? '' : `${pre}\n`}${write.i32(expr)}`;
    out.push({
      name,
      code: reg(x),
      layout: 'd a b s',
      kind: 'op',
      doc: `${name} of slot a and slot b`,
      body: `const d = fw + $d;\nconst x = s32[fw + $a]!;\nconst y = s32[fw + $b]!;\n${tail}`,
    });
    out.push({
      name: `${name}C`,
      code: base.RC_BASE + x - 0x46,
      layout: 'd a c s',
      kind: 'op',
      doc: `${name} of slot a and the constant c`,
      body: `const d = fw + $d;\nconst x = s32[fw + $a]!;\nconst y = $c;\n${tail}`,
    });
  }
  return out;
}

/** f32 and f64 comparisons and arithmetic, register form: the operator or helper for each opcode. */
const floatBinaries = [
  ['Eq', 0x5b, 0x61, 'cmp', '==='],
  ['Ne', 0x5c, 0x62, 'cmp', '!=='],
  ['Lt', 0x5d, 0x63, 'cmp', '<'],
  ['Gt', 0x5e, 0x64, 'cmp', '>'],
  ['Le', 0x5f, 0x65, 'cmp', '<='],
  ['Ge', 0x60, 0x66, 'cmp', '>='],
  ['Add', 0x92, 0xa0, 'op', '+'],
  ['Sub', 0x93, 0xa1, 'op', '-'],
  ['Mul', 0x94, 0xa2, 'op', '*'],
  ['Div', 0x95, 0xa3, 'op', '/'],
  ['Min', 0x96, 0xa4, 'call', 'Min'],
  ['Max', 0x97, 0xa5, 'call', 'Max'],
];

function floatBinaryOps() {
  const out = [];
  for (const ty of ['f32', 'f64']) {
    for (const [op, x32, x64, how, sym] of floatBinaries) {
      const name = `${ty === 'f32' ? 'F32' : 'F64'}${op}`;
      const x = read[ty]('a');
      const y = read[ty]('b');
      const stmts =
        how === 'cmp'
          ? write.i32(`${x} ${sym} ${y} ? 1 : 0`)
          : write[ty](how === 'op' ? `${x} ${sym} ${y}` : `${ty}${sym}(${x}, ${y})`);
      out.push({
        name,
        code: reg(ty === 'f32' ? x32 : x64),
        layout: 'd a b s',
        kind: 'op',
        doc: `${name} of slots a and b`,
        body: `const d = fw + $d;\nconst a = fw + $a;\nconst b = fw + $b;\n${stmts}`,
      });
    }
  }
  out.push({
    name: 'F32Copysign',
    code: reg(0x98),
    layout: 'd a b s',
    kind: 'op',
    doc: 'F32Copysign of slots a and b',
    body: `const d = fw + $d;\nconst a = fw + $a;\nconst b = fw + $b;\n${write.i32('(s32[a]! & 0x7fffffff) | (s32[b]! & -0x80000000)')}`,
  });
  out.push({
    name: 'F64Copysign',
    code: reg(0xa6),
    layout: 'd a b s',
    kind: 'op',
    doc: 'F64Copysign of slots a and b',
    body: `const d = fw + $d;\nconst a = fw + $a;\nconst b = fw + $b;\nconst lo = s32[a]!;
const hi = (s32[a + 1]! & 0x7fffffff) | (s32[b + 1]! & -0x80000000);\ns32[d] = lo;\ns32[d + 1] = hi;`,
  });
  return out;
}

/**
 * f64 arithmetic whose right operand is the f64 just loaded (a folded `f64.load`, in either addressing mode of a
 * slot: `c` is 0 for a plain slot address): `[op, d, a, b, c, offset, s]`, d = a OP f64 at (slot b + c) + offset.
 */
function f64MemoryOperandOps() {
  return floatBinaries
    .filter(([, , , how]) => how === 'op')
    .map(([op, , , , sym], i) => ({
      name: `F64${op}M`,
      code: 0x2b0 + i,
      layout: 'd a b c offset s',
      kind: 'op',
      doc: `F64${op} of slot a and the f64 at (slot b + c) + offset`,
      body: `const d = fw + $d;
const ad = ((s32[fw + $b]! + $c) >>> 0) + ($offset >>> 0);
if (ad + 8 > memLen) oob();
${write.f64(`${read.f64('fw + $a')} ${sym} dv.getFloat64(ad, true)`)}`,
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// Family: i64 comparisons (register form), through the helpers `i64Eq` … of numeric-i64.ts.

function i64CompareOps() {
  return ['Eq', 'Ne', 'LtS', 'LtU', 'GtS', 'GtU', 'LeS', 'LeU', 'GeS', 'GeU'].map((c, i) => ({
    name: `I64${c}`,
    code: reg(0x51 + i),
    layout: 'd a b s',
    kind: 'op',
    doc: `I64${c} of slots a and b`,
    body: `const d = fw + $d;\nconst a = fw + $a;\nconst b = fw + $b;\n${write.i32(`i64${c}(s32, a, b) ? 1 : 0`)}`,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Family: i64 binary ops, register form (`[op, d, a, b, s]`) and, where listed, constant right operand
// (`[op, d, a, lo, hi, s]`, RC64_BASE). An op defined on the right operand's halves `bl`, `bh` (expressions)
// gets both forms from one body; the others name a helper per form.

const i64Split = [
  [
    'Add',
    0x7c,
    (bl, bh) => `const al = s32[a]!;\nconst lo = (al + ${bl}) | 0;
const hi = (s32[a + 1]! + ${bh} + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0;\ns32[d] = lo;\ns32[d + 1] = hi;`,
  ],
  [
    'Sub',
    0x7d,
    (bl, bh) => `const al = s32[a]!;\nconst bl = ${bl};
const hi = (s32[a + 1]! - ${bh} - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;\ns32[d] = (al - bl) | 0;\ns32[d + 1] = hi;`,
  ],
  [
    'And',
    0x83,
    (bl, bh) => `const lo = s32[a]! & ${bl};\nconst hi = s32[a + 1]! & ${bh};\ns32[d] = lo;\ns32[d + 1] = hi;`,
  ],
  [
    'Or',
    0x84,
    (bl, bh) => `const lo = s32[a]! | ${bl};\nconst hi = s32[a + 1]! | ${bh};\ns32[d] = lo;\ns32[d + 1] = hi;`,
  ],
  [
    'Xor',
    0x85,
    (bl, bh) => `const lo = s32[a]! ^ ${bl};\nconst hi = s32[a + 1]! ^ ${bh};\ns32[d] = lo;\ns32[d + 1] = hi;`,
  ],
];

/** A shift by the constant `k = lo & 63`: the halves when k ≥ 32, when 0 < k < 32 (k = 0 copies). */
const i64ShiftK = (big, small) => `const l = s32[a]!;\nconst h = s32[a + 1]!;\nconst k = $lo & 63;
if (k >= 32) {
  ${big.join('\n  ')}
} else if (k !== 0) {
  ${small.join('\n  ')}
} else {
  s32[d] = l;
  s32[d + 1] = h;
}`;

/** Name, opcode, register-form statement, constant-form statement (or none). */
const i64Helpers = [
  ['Mul', 0x7e, 'i64Mul(s32, d, a, b);', 'i64MulK(s32, d, a, $lo, $hi);'],
  ['DivS', 0x7f, 'i64DivS(s32, d, a, b);'],
  ['DivU', 0x80, 'i64DivU(s32, d, a, b);'],
  ['RemS', 0x81, 'i64RemS(s32, d, a, b);'],
  ['RemU', 0x82, 'i64RemU(s32, d, a, b);'],
  [
    'Shl',
    0x86,
    'i64Shl(s32, d, a, b);',
    i64ShiftK(
      ['s32[d + 1] = l << (k - 32);', 's32[d] = 0;'],
      ['s32[d + 1] = (h << k) | (l >>> (32 - k));', 's32[d] = l << k;'],
    ),
  ],
  [
    'ShrS',
    0x87,
    'i64ShrS(s32, d, a, b);',
    i64ShiftK(
      ['s32[d] = h >> (k - 32);', 's32[d + 1] = h >> 31;'],
      ['s32[d] = (l >>> k) | (h << (32 - k));', 's32[d + 1] = h >> k;'],
    ),
  ],
  [
    'ShrU',
    0x88,
    'i64ShrU(s32, d, a, b);',
    i64ShiftK(
      ['s32[d] = h >>> (k - 32);', 's32[d + 1] = 0;'],
      ['s32[d] = (l >>> k) | (h << (32 - k));', 's32[d + 1] = h >>> k;'],
    ),
  ],
  ['Rotl', 0x89, 'i64Rotl(s32, d, a, b);', 'i64RotlK(s32, d, a, $lo);'],
  ['Rotr', 0x8a, 'i64Rotr(s32, d, a, b);'],
];

function i64BinaryOps() {
  const forms = [];
  for (const [op, x, f] of i64Split)
    forms.push([op, x, `const b = fw + $b;\n${f('s32[b]!', 's32[b + 1]!')}`, f('$lo', '$hi')]);
  for (const [op, x, r, k] of i64Helpers) forms.push([op, x, `const b = fw + $b;\n${r}`, k]);
  const out = [];
  for (const [op, x, r, k] of forms) {
    const head = 'const d = fw + $d;\nconst a = fw + $a;\n';
    out.push({
      name: `I64${op}`,
      code: reg(x),
      layout: 'd a b s',
      kind: 'op',
      doc: `I64${op} of slots a and b`,
      body: head + r,
    });
    if (k !== undefined)
      out.push({
        name: `I64${op}C`,
        code: base.RC64_BASE + x - 0x7c,
        layout: 'd a lo hi s',
        kind: 'op',
        doc: `I64${op} of slot a and the constant hi:lo`,
        body: head + k,
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: loads and stores, every width and sign, × addressing mode × (stores) value source. A mode gives the
// layout fields before and after the value and the effective address `ad`; an access gives its width and the
// statements that move the bits.

/**
 * The loads and stores that move distinct bits: every other one is the same as one of these (f32 as i32, f64 as
 * i64, unsigned narrow i64 loads as the i32 ones, narrow i64 stores as the i32 ones). Every addressing mode has
 * only these (the fuser maps an op to its twin, `MEM_TWIN` in fused-ops.ts); the modes `K` and `AB` leave out
 * the sign-extending i64 loads too (`MEM_SHORT`).
 */
export const memTwins = {
  I32Load: 'I32Load',
  I64Load: 'I64Load',
  F32Load: 'I32Load',
  F64Load: 'I64Load',
  I32Load8S: 'I32Load8S',
  I32Load8U: 'I32Load8U',
  I32Load16S: 'I32Load16S',
  I32Load16U: 'I32Load16U',
  I64Load8S: 'I64Load8S',
  I64Load8U: 'I32Load8U',
  I64Load16S: 'I64Load16S',
  I64Load16U: 'I32Load16U',
  I64Load32S: 'I64Load32S',
  I64Load32U: 'I32Load',
  I32Store: 'I32Store',
  I64Store: 'I64Store',
  F32Store: 'I32Store',
  F64Store: 'I64Store',
  I32Store8: 'I32Store8',
  I32Store16: 'I32Store16',
  I64Store8: 'I32Store8',
  I64Store16: 'I32Store16',
  I64Store32: 'I32Store',
};
const twinsOnly = new Set(Object.values(memTwins));
const shortOnly = new Set([...twinsOnly].filter((n) => !/^I64Load\d+S$/.test(n)));
/**
 * `[x, twin, short]` by WebAssembly opcode, for the fuser (`MEM_TWIN`, `MEM_SHORT`: whether the twin has the `K`
 * and `AB` forms); filled in once the opcodes below are known.
 */
export const memTwinCodes = [];

const modes = [
  {
    suffix: 'K',
    base: 'MEMK_BASE',
    pre: 'k',
    post: 'offset',
    addr: '($k >>> 0) + ($offset >>> 0)',
    at: 'the constant k + offset',
    only: shortOnly,
  },
  {
    suffix: 'AB',
    base: 'MEMAB_BASE',
    pre: 'a b',
    post: 'offset',
    addr: '((s32[fw + $a]! + s32[fw + $b]!) >>> 0) + ($offset >>> 0)',
    at: '(slot a + slot b) + offset',
    only: shortOnly,
  },
  {
    suffix: '',
    base: 'MEM_BASE',
    pre: 'a',
    post: 'offset',
    addr: '(s32[fw + $a]! >>> 0) + ($offset >>> 0)',
    at: 'slot a + offset',
    only: twinsOnly,
  },
  {
    suffix: 'AC',
    base: 'MEMAC_BASE',
    pre: 'a c',
    post: 'offset',
    addr: '((s32[fw + $a]! + $c) >>> 0) + ($offset >>> 0)',
    at: '(slot a + c) + offset',
    only: twinsOnly,
  },
];

/** Loads: name, opcode, width in bytes, the 32-bit read, whether the result is an i64 sign-extended from it. */
const loads = [
  ['I32Load', 0x28, 4, 'dv.getInt32(ad, true)', false],
  ['I64Load', 0x29, 8, null, false],
  ['F32Load', 0x2a, 4, 'dv.getInt32(ad, true)', false],
  ['F64Load', 0x2b, 8, null, false],
  ['I32Load8S', 0x2c, 1, 'dv.getInt8(ad)', false],
  ['I32Load8U', 0x2d, 1, 'u8[ad]!', false],
  ['I32Load16S', 0x2e, 2, 'dv.getInt16(ad, true)', false],
  ['I32Load16U', 0x2f, 2, 'dv.getUint16(ad, true)', false],
  ['I64Load8S', 0x30, 1, 'dv.getInt8(ad)', true],
  ['I64Load8U', 0x31, 1, 'u8[ad]!', false],
  ['I64Load16S', 0x32, 2, 'dv.getInt16(ad, true)', true],
  ['I64Load16U', 0x33, 2, 'dv.getUint16(ad, true)', false],
  ['I64Load32S', 0x34, 4, 'dv.getInt32(ad, true)', true],
  ['I64Load32U', 0x35, 4, 'dv.getInt32(ad, true)', false],
];

/** The statements that store `lo` (and `hi`, for 8 bytes) at `ad`, with the dirty-page marks. */
function storeBits(width, lo, hi) {
  const put =
    width === 8
      ? `dv.setInt32(ad, ${lo}, true);\ndv.setInt32(ad + 4, ${hi}, true);`
      : width === 4
        ? `dv.setInt32(ad, ${lo}, true);`
        : width === 2
          ? `dv.setInt16(ad, ${lo}, true);`
          : `u8[ad] = ${lo};`;
  const marks = width === 1 ? 'dirty[ad >>> 12] = 1;' : `dirty[ad >>> 12] = 1;\ndirty[(ad + ${width - 1}) >>> 12] = 1;`;
  return `${put}\n${marks}`;
}

/** Stores: name, opcode, width in bytes. */
const stores = [
  ['I32Store', 0x36, 4],
  ['I64Store', 0x37, 8],
  ['F32Store', 0x38, 4],
  ['F64Store', 0x39, 8],
  ['I32Store8', 0x3a, 1],
  ['I32Store16', 0x3b, 2],
  ['I64Store8', 0x3c, 1],
  ['I64Store16', 0x3d, 2],
  ['I64Store32', 0x3e, 4],
];

{
  const opcode = new Map([...loads, ...stores].map(([name, x]) => [name, x]));
  for (const [name, twin] of Object.entries(memTwins))
    memTwinCodes.push([opcode.get(name), opcode.get(twin), shortOnly.has(twin) ? 1 : 0]);
}

/** Stores of a constant (f32 and narrow i64 stores move the same bits as these): name, code, width, per mode. */
const constStores = [
  ['I32StoreC', 4, { '': 0x1d0, AC: 0x248 }],
  ['I64StoreC', 8, { '': 0x1d1 }],
  ['I32Store8C', 1, { '': 0x1d2, AC: 0x249 }],
  ['I32Store16C', 2, { '': 0x1d3, AC: 0x24a }],
];

function memoryOps() {
  const out = [];
  for (const m of modes) {
    const addr = (w) => `const ad = ${m.addr};\nif (ad + ${w} > memLen) oob();`;
    for (const [name, x, w, r, sx] of loads) {
      if (m.only !== undefined && !m.only.has(name)) continue;
      const bits =
        r === null
          ? 'const lo = dv.getInt32(ad, true);\ns32[d + 1] = dv.getInt32(ad + 4, true);\ns32[d] = lo;'
          : sx
            ? `const v = ${r};\ns32[d] = v;\ns32[d + 1] = v >> 31;`
            : write.i32(r);
      out.push({
        name: `${name}${m.suffix}`,
        code: base[m.base] + x - 0x28,
        layout: `d ${m.pre} ${m.post} s`,
        kind: 'op',
        doc: `${name} at ${m.at}`,
        body: `const d = fw + $d;\n${addr(w)}\n${bits}`,
      });
    }
    for (const [name, x, w] of stores) {
      if (m.only !== undefined && !m.only.has(name)) continue;
      out.push({
        name: `${name}${m.suffix}`,
        code: base[m.base] + x - 0x28,
        layout: `${m.pre} v ${m.post} s`,
        kind: 'op',
        doc: `${name} of slot v at ${m.at}`,
        body: `${addr(w)}\nconst v = fw + $v;\n${storeBits(w, 's32[v]!', 's32[v + 1]!')}`,
      });
    }
    for (const [name, w, codes] of constStores) {
      if (codes[m.suffix] === undefined) continue;
      // The constant is `c` (`lo hi` for 8 bytes); in the AC mode, where `c` is the address's, it is `k`.
      const k = m.suffix === '' ? 'c' : 'k';
      out.push({
        name: `${name}${m.suffix}`,
        code: codes[m.suffix],
        layout: `${m.pre} ${w === 8 ? 'lo hi' : k} ${m.post} s`,
        kind: 'op',
        doc: `${name.slice(0, -1)} of the constant ${w === 8 ? 'hi:lo' : k} at ${m.at}`,
        body: `${addr(w)}\n${w === 8 ? storeBits(w, '$lo', '$hi') : storeBits(w, `$${k}`)}`,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: i32 compare-and-branch, × what comes before the comparison (nothing, `d = a + b`, `d = a + k`) × the
// right operand (a slot, a constant). The comparison is by flags f (1 unsigned, 2 equal, 4 negate, 8 swap).

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

function compareBranchOps() {
  const lefts = [
    { name: 'BrIfCmp', layout: 'a', x: 'let x = s32[fw + $a]!;', doc: '', of: 'slot a' },
    { name: 'AddBrIfCmp', layout: 'd a b', x: addInto('s32[fw + $b]!'), doc: 'd = a + b (slots), then ', of: 'd' },
    { name: 'AddCBrIfCmp', layout: 'd a k', x: addInto('$k'), doc: 'd = a + k (k a constant), then ', of: 'd' },
  ];
  const rights = [
    { suffix: '', field: (l) => (l.layout === 'a' ? 'b' : 'y'), y: (f) => `s32[fw + $${f}]!`, doc: (f) => `slot ${f}` },
    { suffix: 'C', field: () => 'c', y: () => '$c', doc: () => 'the constant c' },
  ];
  const out = [];
  let code = 0x1d6;
  for (const l of lefts)
    for (const r of rights) {
      const f = r.field(l);
      out.push({
        name: `${l.name}${r.suffix}`,
        code: code++,
        layout: `${l.layout} ${f} f target s`,
        kind: 'branch',
        doc: `${l.doc}jump when the i32 comparison f (bits: 1 unsigned, 2 equal, 4 negate, 8 swap) of ${l.of} and ${r.doc(f)} holds`,
        pre: `${l.x}\nlet y = ${r.y(f)};\n${cmpFlags}`,
        cond: cmpCond,
      });
    }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: multiply-add `d = a * b + e` of one type (with the two instructions' rounding).

const mulAdds = [
  ['I32MulAdd', 0x25b, 'i32', (a, b, e) => `(Math.imul(${a}, ${b}) + ${e}) | 0`, 'wrapping'],
  ['F64MulAdd', 0x257, 'f64', (a, b, e) => `${a} * ${b} + ${e}`, 'two roundings, as two instructions'],
  [
    'F32MulAdd',
    0x265,
    'f32',
    (a, b, e) => `Math.fround(${a} * ${b}) + ${e}`,
    'the product rounded to f32, then the sum',
  ],
];

function mulAddOps() {
  return mulAdds.map(([name, code, ty, f, how]) => ({
    name,
    code,
    layout: 'd a b e s',
    kind: 'op',
    doc: `d = a * b + e, ${ty} (${how})`,
    body: `const d = fw + $d;\n${write[ty](f(read[ty]('fw + $a'), read[ty]('fw + $b'), read[ty]('fw + $e')))}`,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Single ops: moves, constants, the stack pointer, branches on one value or a float comparison or a load.

const singles = [
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
    name: 'Copy',
    code: 0x1ea,
    layout: 'd a s',
    kind: 'op',
    doc: 'copy slot a to slot d',
    body: 'const d = fw + $d;\nconst a = fw + $a;\nconst lo = s32[a]!;\ns32[d + 1] = s32[a + 1]!;\ns32[d] = lo;',
  },
  {
    name: 'Const32',
    code: 0x1eb,
    layout: 'd c s',
    kind: 'op',
    doc: 'slot d = c (high word 0)',
    body: 'const d = fw + $d;\ns32[d] = $c;\ns32[d + 1] = 0;',
  },
  {
    name: 'Const64',
    code: 0x1ec,
    layout: 'd lo hi s',
    kind: 'op',
    doc: 'slot d = hi:lo',
    body: 'const d = fw + $d;\ns32[d] = $lo;\ns32[d + 1] = $hi;',
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
    name: 'CopyN',
    code: 0x24c,
    layout: 'n (d a)* s',
    kind: 'custom',
    doc: 'n moves in order: slot a to slot d, or, where the word d is negative, the constant a (high word 0) to slot ~d',
    body: `
    const n = code[pc]!;
    let q = pc + 1;
    for (let k = 0; k < n; k++) {
      const e = code[q]!;
      if (e < 0) {
        const d = fw + ~e;
        s32[d] = code[q + 1]!;
        s32[d + 1] = 0;
      } else {
        const d = fw + e;
        const a = fw + code[q + 1]!;
        const lo = s32[a]!;
        s32[d + 1] = s32[a + 1]!;
        s32[d] = lo;
      }
      q += 2;
    }
    sp = (fp + code[q]!) | 0;
    pc = q + 1;
    break;
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
  {
    name: 'Select',
    code: 0x267,
    layout: 'd a b c s',
    kind: 'op',
    doc: 'd = slot c is not zero ? slot a : slot b (a value of one or two words)',
    body: `const d = fw + $d;
const p = s32[fw + $c]! !== 0 ? fw + $a : fw + $b;
const lo = s32[p]!;
s32[d + 1] = s32[p + 1]!;
s32[d] = lo;`,
  },
  {
    name: 'BrIfMaskC',
    code: 0x268,
    layout: 'a c f target s',
    kind: 'branch',
    doc: 'jump when slot a and the constant c have a bit in common (f bit 4: have none): a folded `i32.and`',
    pre: '',
    cond: '((s32[fw + $a]! & $c) !== 0) !== (($f & 4) !== 0)',
  },
];

/** Every fused op, in opcode order. */
export const fusedOps = [
  ...unaryOps(),
  ...i32BinaryOps(),
  ...floatBinaryOps(),
  ...f64MemoryOperandOps(),
  ...i64CompareOps(),
  ...i64BinaryOps(),
  ...memoryOps(),
  ...compareBranchOps(),
  ...mulAddOps(),
  ...singles,
].sort((p, q) => p.code - q.code);
