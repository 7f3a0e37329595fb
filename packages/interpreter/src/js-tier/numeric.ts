/**
 * JavaScript for the numeric instructions (opcodes 0x45…0xc4 and the saturating truncations): i32 as int32,
 * i64 as two int32 halves, f32 as its bit pattern (punned through `WI`/`WF` for arithmetic), f64 as a number.
 * Operands are the temporaries named by stack height (`names.ts`); results overwrite them in place.
 * @module
 */
import { ValType } from '../types.js';
import { fb, fv, hv, sv } from './names.js';

const { I32, I64, F32, F64 } = ValType;

const I32_CMP: Record<number, string> = { 70: '===', 71: '!==', 72: '<', 74: '>', 76: '<=', 78: '>=' };
const U32_CMP: Record<number, string> = { 73: '<', 75: '>', 77: '<=', 79: '>=' };
const F_CMP: Record<number, string> = { 0: '===', 1: '!==', 2: '<', 3: '>', 4: '<=', 5: '>=' };

/** i64 comparison of (xl, xh) and (yl, yh). */
function i64Cmp(op: number, xl: string, xh: string, yl: string, yh: string): string {
  const lu = (o: string): string => `(${xl} >>> 0) ${o} (${yl} >>> 0)`;
  switch (op) {
    case 0x51:
      return `${xl} === ${yl} && ${xh} === ${yh}`;
    case 0x52:
      return `${xl} !== ${yl} || ${xh} !== ${yh}`;
    case 0x53:
      return `${xh} < ${yh} || (${xh} === ${yh} && ${lu('<')})`;
    case 0x54:
      return `(${xh} >>> 0) < (${yh} >>> 0) || (${xh} === ${yh} && ${lu('<')})`;
    case 0x55:
      return `${xh} > ${yh} || (${xh} === ${yh} && ${lu('>')})`;
    case 0x56:
      return `(${xh} >>> 0) > (${yh} >>> 0) || (${xh} === ${yh} && ${lu('>')})`;
    case 0x57:
      return `${xh} < ${yh} || (${xh} === ${yh} && ${lu('<=')})`;
    case 0x58:
      return `(${xh} >>> 0) < (${yh} >>> 0) || (${xh} === ${yh} && ${lu('<=')})`;
    case 0x59:
      return `${xh} > ${yh} || (${xh} === ${yh} && ${lu('>=')})`;
    default:
      return `(${xh} >>> 0) > (${yh} >>> 0) || (${xh} === ${yh} && ${lu('>=')})`;
  }
}

/** i64 shifts and rotations inline, on the count `t` (the operand's low word & 63); `u` is a temporary. */
function i64Shift(op: number, xl: string, xh: string, yl: string): string {
  const t = `t = ${yl} & 63;`;
  switch (op) {
    case 0x86: // shl
      return (
        `${t} if (t < 32) { if (t !== 0) { ${xh} = (${xh} << t) | (${xl} >>> (32 - t)); ${xl} = ${xl} << t; } } ` +
        `else { ${xh} = ${xl} << (t - 32); ${xl} = 0; }`
      );
    case 0x87: // shr_s
      return (
        `${t} if (t < 32) { if (t !== 0) { ${xl} = (${xl} >>> t) | (${xh} << (32 - t)); ${xh} = ${xh} >> t; } } ` +
        `else { ${xl} = ${xh} >> (t - 32); ${xh} = ${xh} >> 31; }`
      );
    case 0x88: // shr_u
      return (
        `${t} if (t < 32) { if (t !== 0) { ${xl} = (${xl} >>> t) | (${xh} << (32 - t)); ${xh} = (${xh} >>> t) | 0; } } ` +
        `else { ${xl} = (${xh} >>> (t - 32)) | 0; ${xh} = 0; }`
      );
    case 0x89: // rotl
      return (
        `${t} if (t >= 32) { u = ${xl}; ${xl} = ${xh}; ${xh} = u; t -= 32; } if (t !== 0) { u = ${xl}; ` +
        `${xl} = (${xl} << t) | (${xh} >>> (32 - t)); ${xh} = (${xh} << t) | (u >>> (32 - t)); }`
      );
    default: // rotr
      return (
        `${t} if (t >= 32) { u = ${xl}; ${xl} = ${xh}; ${xh} = u; t -= 32; } if (t !== 0) { u = ${xl}; ` +
        `${xl} = (${xl} >>> t) | (${xh} << (32 - t)); ${xh} = (${xh} >>> t) | (u << (32 - t)); }`
      );
  }
}

/**
 * i64 multiplication inline: the low word by `Math.imul`, the high word from the 16-bit limbs of the low words
 * (the high half of their unsigned product) plus the two cross products; temporaries `t`, `u`, `v`, `w`, `p`, `q`.
 */
function i64Mul(xl: string, xh: string, yl: string, yh: string): string {
  return (
    `t = ${xl} & 0xffff; u = ${xl} >>> 16; v = ${yl} & 0xffff; w = ${yl} >>> 16; p = Math.imul(t, w); q = Math.imul(u, v); ` +
    `${xh} = (Math.imul(u, w) + (p >>> 16) + (q >>> 16) + (((Math.imul(t, v) >>> 16) + (p & 0xffff) + (q & 0xffff)) >>> 16) + ` +
    `Math.imul(${xl}, ${yh}) + Math.imul(${xh}, ${yl})) | 0; ${xl} = Math.imul(${xl}, ${yl});`
  );
}

const I64_BIN_HELPER: Record<number, string> = {
  127: 'divS64',
  128: 'divU64',
  129: 'remS64',
  130: 'remU64',
};
const F32_UN: Record<number, string> = { 141: 'f32Ceil', 142: 'f32Floor', 143: 'f32Trunc', 144: 'f32Nearest' };
const F64_UN: Record<number, string> = { 155: 'f64Ceil', 156: 'f64Floor', 157: 'f64Trunc', 158: 'f64Nearest' };
const ARITH: Record<number, string> = { 0: '+', 1: '-', 2: '*', 3: '/' };
const TRUNC_I32: Record<number, string> = {
  168: 'i32TruncF32S',
  169: 'i32TruncF32U',
  170: 'i32TruncF64S',
  171: 'i32TruncF64U',
  256: 'i32TruncSatF32S',
  257: 'i32TruncSatF32U',
  258: 'i32TruncSatF64S',
  259: 'i32TruncSatF64U',
};
const TRUNC_I64: Record<number, string> = {
  174: 'i64TruncF32S',
  175: 'i64TruncF32U',
  176: 'i64TruncF64S',
  177: 'i64TruncF64U',
  260: 'i64TruncSatF32S',
  261: 'i64TruncSatF32U',
  262: 'i64TruncSatF64S',
  263: 'i64TruncSatF64U',
};

/**
 * Emits one numeric instruction.
 * @param op the opcode (0x45…0xc4), or 0x100 + the `0xfc` sub-opcode for the saturating truncations (0…7)
 * @param st the operand types (popped and pushed)
 * @returns the JavaScript, or null when the opcode is not a numeric instruction
 */
export function emitNumeric(op: number, st: number[]): string | null {
  const h = st.length;
  const x = h - 2; // binary: first operand and result
  const y = h - 1; // binary: second operand; unary: the operand
  const un = (t: number, res: number, expr: string): string => {
    st[y] = res;
    void t;
    return `${sv(res, y)} = ${expr};`;
  };
  const bin = (res: number, expr: string): string => {
    st.length = h - 1;
    st[x] = res;
    return `${sv(res, x)} = ${expr};`;
  };
  const a = (k: number): string => sv(I32, k);
  const bl = (k: number): string => sv(I64, k);
  const bh = (k: number): string => hv(k);
  const e = (k: number): string => sv(F32, k);
  const d = (k: number): string => sv(F64, k);

  if (op === 0x45) return un(I32, I32, `${a(y)} === 0 ? 1 : 0`);
  if (I32_CMP[op] !== undefined) return bin(I32, `${a(x)} ${I32_CMP[op]} ${a(y)} ? 1 : 0`);
  if (U32_CMP[op] !== undefined) return bin(I32, `(${a(x)} >>> 0) ${U32_CMP[op]} (${a(y)} >>> 0) ? 1 : 0`);
  if (op === 0x50) return un(I64, I32, `(${bl(y)} | ${bh(y)}) === 0 ? 1 : 0`);
  if (op >= 0x51 && op <= 0x5a) return bin(I32, `${i64Cmp(op, bl(x), bh(x), bl(y), bh(y))} ? 1 : 0`);
  if (op >= 0x5b && op <= 0x60) return bin(I32, `${fv(e(x))} ${F_CMP[op - 0x5b]} ${fv(e(y))} ? 1 : 0`);
  if (op >= 0x61 && op <= 0x66) return bin(I32, `${d(x)} ${F_CMP[op - 0x61]} ${d(y)} ? 1 : 0`);
  switch (op) {
    // i32 arithmetic.
    case 0x67:
      return un(I32, I32, `Math.clz32(${a(y)})`);
    case 0x68:
      return un(I32, I32, `${a(y)} === 0 ? 32 : 31 - Math.clz32(${a(y)} & -${a(y)})`);
    case 0x69:
      return un(I32, I32, `popcnt(${a(y)})`);
    case 0x6a:
      return bin(I32, `(${a(x)} + ${a(y)}) | 0`);
    case 0x6b:
      return bin(I32, `(${a(x)} - ${a(y)}) | 0`);
    case 0x6c:
      return bin(I32, `Math.imul(${a(x)}, ${a(y)})`);
    case 0x6d:
      return bin(I32, `divS(${a(x)}, ${a(y)})`);
    case 0x6e:
      return bin(I32, `divU(${a(x)}, ${a(y)})`);
    case 0x6f:
      return bin(I32, `remS(${a(x)}, ${a(y)})`);
    case 0x70:
      return bin(I32, `remU(${a(x)}, ${a(y)})`);
    case 0x71:
      return bin(I32, `${a(x)} & ${a(y)}`);
    case 0x72:
      return bin(I32, `${a(x)} | ${a(y)}`);
    case 0x73:
      return bin(I32, `${a(x)} ^ ${a(y)}`);
    case 0x74:
      return bin(I32, `${a(x)} << ${a(y)}`);
    case 0x75:
      return bin(I32, `${a(x)} >> ${a(y)}`);
    case 0x76:
      return bin(I32, `(${a(x)} >>> ${a(y)}) | 0`);
    case 0x77:
      return bin(I32, `(${a(x)} << ${a(y)}) | (${a(x)} >>> (32 - ${a(y)}))`);
    case 0x78:
      return bin(I32, `(${a(x)} >>> ${a(y)}) | (${a(x)} << (32 - ${a(y)}))`);
    // i64 arithmetic.
    case 0x79:
      return `t = ${bh(y)} !== 0 ? Math.clz32(${bh(y)}) : 32 + Math.clz32(${bl(y)}); ${bl(y)} = t; ${bh(y)} = 0;`;
    case 0x7a:
      return (
        `t = ${bl(y)} !== 0 ? 31 - Math.clz32(${bl(y)} & -${bl(y)}) : ${bh(y)} !== 0 ? 63 - Math.clz32(${bh(y)} & -${bh(y)}) : 64; ` +
        `${bl(y)} = t; ${bh(y)} = 0;`
      );
    case 0x7b:
      return `${bl(y)} = popcnt(${bl(y)}) + popcnt(${bh(y)}); ${bh(y)} = 0;`;
    case 0x7c: {
      st.length = h - 1;
      return `t = (${bl(x)} + ${bl(y)}) | 0; ${bh(x)} = (${bh(x)} + ${bh(y)} + ((t >>> 0) < (${bl(x)} >>> 0) ? 1 : 0)) | 0; ${bl(x)} = t;`;
    }
    case 0x7d: {
      st.length = h - 1;
      return `t = (${bl(x)} - ${bl(y)}) | 0; ${bh(x)} = (${bh(x)} - ${bh(y)} - ((${bl(x)} >>> 0) < (${bl(y)} >>> 0) ? 1 : 0)) | 0; ${bl(x)} = t;`;
    }
    case 0x7e: {
      st.length = h - 1;
      return i64Mul(bl(x), bh(x), bl(y), bh(y));
    }
    case 0x86:
    case 0x87:
    case 0x88:
    case 0x89:
    case 0x8a:
      st.length = h - 1;
      return i64Shift(op, bl(x), bh(x), bl(y));
    case 0x83:
    case 0x84:
    case 0x85: {
      st.length = h - 1;
      const o = op === 0x83 ? '&' : op === 0x84 ? '|' : '^';
      return `${bl(x)} = ${bl(x)} ${o} ${bl(y)}; ${bh(x)} = ${bh(x)} ${o} ${bh(y)};`;
    }
    // f32 arithmetic (on bits).
    case 0x8b:
      return un(F32, F32, `${e(y)} & 0x7fffffff`);
    case 0x8c:
      return un(F32, F32, `${e(y)} ^ -2147483648`);
    case 0x91:
      return un(F32, F32, fb(`Math.sqrt(${fv(e(y))})`));
    case 0x92:
    case 0x93:
    case 0x94:
    case 0x95:
      return bin(F32, fb(`${fv(e(x))} ${ARITH[op - 0x92]} ${fv(e(y))}`));
    case 0x96:
      return bin(F32, fb(`f32Min(${fv(e(x))}, ${fv(e(y))})`));
    case 0x97:
      return bin(F32, fb(`f32Max(${fv(e(x))}, ${fv(e(y))})`));
    case 0x98:
      return bin(F32, `(${e(x)} & 0x7fffffff) | (${e(y)} & -2147483648)`);
    // f64 arithmetic (sign operations on the bits).
    case 0x99:
      return un(F64, F64, `(WD[0] = ${d(y)}, WI[1] &= 0x7fffffff, WD[0])`);
    case 0x9a:
      return un(F64, F64, `(WD[0] = ${d(y)}, WI[1] ^= -2147483648, WD[0])`);
    case 0x9f:
      return un(F64, F64, `Math.sqrt(${d(y)})`);
    case 0xa0:
    case 0xa1:
    case 0xa2:
    case 0xa3:
      return bin(F64, `${d(x)} ${ARITH[op - 0xa0]} ${d(y)}`);
    case 0xa4:
      return bin(F64, `f64Min(${d(x)}, ${d(y)})`);
    case 0xa5:
      return bin(F64, `f64Max(${d(x)}, ${d(y)})`);
    case 0xa6:
      return bin(
        F64,
        `(WD[0] = ${d(y)}, t = WI[1] & -2147483648, WD[0] = ${d(x)}, WI[1] = (WI[1] & 0x7fffffff) | t, WD[0])`,
      );
    // Conversions.
    case 0xa7:
      return un(I64, I32, bl(y));
    case 0xac:
      st[y] = I64;
      return `${bl(y)} = ${a(y)}; ${bh(y)} = ${a(y)} >> 31;`;
    case 0xad:
      st[y] = I64;
      return `${bl(y)} = ${a(y)}; ${bh(y)} = 0;`;
    case 0xb2:
      return un(I32, F32, fb(a(y)));
    case 0xb3:
      return un(I32, F32, fb(`${a(y)} >>> 0`));
    case 0xb4:
      return un(I64, F32, fb(`f32ConvertI64S(${bl(y)}, ${bh(y)})`));
    case 0xb5:
      return un(I64, F32, fb(`f32ConvertI64U(${bl(y)}, ${bh(y)})`));
    case 0xb6:
      return un(F64, F32, fb(d(y)));
    case 0xb7:
      return un(I32, F64, a(y));
    case 0xb8:
      return un(I32, F64, `${a(y)} >>> 0`);
    case 0xb9:
      return un(I64, F64, `f64ConvertI64S(${bl(y)}, ${bh(y)})`);
    case 0xba:
      return un(I64, F64, `f64ConvertI64U(${bl(y)}, ${bh(y)})`);
    case 0xbb:
      return un(F32, F64, fv(e(y)));
    case 0xbc:
      return un(F32, I32, e(y));
    case 0xbd:
      st[y] = I64;
      return `WD[0] = ${d(y)}; ${bl(y)} = WI[0]; ${bh(y)} = WI[1];`;
    case 0xbe:
      return un(I32, F32, a(y));
    case 0xbf:
      return un(I64, F64, `(WI[0] = ${bl(y)}, WI[1] = ${bh(y)}, WD[0])`);
    case 0xc0:
      return un(I32, I32, `(${a(y)} << 24) >> 24`);
    case 0xc1:
      return un(I32, I32, `(${a(y)} << 16) >> 16`);
    case 0xc2:
      return `${bl(y)} = (${bl(y)} << 24) >> 24; ${bh(y)} = ${bl(y)} >> 31;`;
    case 0xc3:
      return `${bl(y)} = (${bl(y)} << 16) >> 16; ${bh(y)} = ${bl(y)} >> 31;`;
    case 0xc4:
      return `${bh(y)} = ${bl(y)} >> 31;`;
  }
  if (I64_BIN_HELPER[op] !== undefined) {
    st.length = h - 1;
    return `${bl(x)} = ${I64_BIN_HELPER[op]}(${bl(x)}, ${bh(x)}, ${bl(y)}, ${bh(y)}); ${bh(x)} = HI[0];`;
  }
  if (F32_UN[op] !== undefined) return un(F32, F32, fb(`${F32_UN[op]}(${fv(e(y))})`));
  if (F64_UN[op] !== undefined) return un(F64, F64, `${F64_UN[op]}(${d(y)})`);
  if (TRUNC_I32[op] !== undefined) {
    const src = st[y] === F32 ? fv(e(y)) : d(y);
    return un(st[y]!, I32, `${TRUNC_I32[op]}(${src})`);
  }
  if (TRUNC_I64[op] !== undefined) {
    const src = st[y] === F32 ? fv(e(y)) : d(y);
    st[y] = I64;
    return `${TRUNC_I64[op]}(T, 0, ${src}); ${bl(y)} = T[0]; ${bh(y)} = T[1];`;
  }
  return null;
}
