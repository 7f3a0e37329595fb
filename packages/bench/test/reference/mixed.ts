/**
 * Reference implementation of mixed.c: the list kernel on an index-linked
 * node pool, the int16 matrix kernel, the token automaton and CRC-16/CCITT.
 * @module
 */
import { i32String, lcg32 } from './int.js';

const NODE_COUNT = 48;
const MATRIX_SIZE = 12;
const TEXT_SIZE = 192;
const NIL = -1;

const toI16 = (v: number): number => (v << 16) >> 16;

function crc16Byte(crc: number, byte: number): number {
  crc ^= (byte & 0xff) << 8;
  for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  return crc;
}

function crc16Word(crc: number, word: number): number {
  crc = crc16Byte(crc, word);
  crc = crc16Byte(crc, word >> 8);
  crc = crc16Byte(crc, word >> 16);
  return crc16Byte(crc, word >> 24);
}

function listKernel(round: number): number {
  const next = new Int32Array(NODE_COUNT);
  const key = new Int32Array(NODE_COUNT);
  const value = new Int32Array(NODE_COUNT);
  let seed = (Math.imul(round, 2654435761) + 1) >>> 0;
  let head = NIL;
  for (let i = 0; i < NODE_COUNT; i++) {
    seed = lcg32(seed, 1103515245, 12345);
    key[i] = (seed >>> 16) & 0x3ff;
    value[i] = i;
    next[i] = head;
    head = i;
  }
  let prev = NIL;
  while (head !== NIL) {
    const after = next[head]!;
    next[head] = prev;
    prev = head;
    head = after;
  }
  head = prev;
  const find = (k: number): number => {
    let index = 0;
    for (let at = head; at !== NIL; at = next[at]!, index++) if (key[at] === k) return index;
    return -1;
  };
  let found = find(key[round % NODE_COUNT]!);
  found += find(0x400);
  let sorted = NIL;
  while (head !== NIL) {
    const after = next[head]!;
    if (sorted === NIL || key[head]! < key[sorted]!) {
      next[head] = sorted;
      sorted = head;
    } else {
      let at = sorted;
      while (next[at] !== NIL && key[next[at]!]! <= key[head]!) at = next[at]!;
      next[head] = next[at]!;
      next[at] = head;
    }
    head = after;
  }
  let acc = found;
  let index = 0;
  for (let at = sorted; at !== NIL; at = next[at]!, index++)
    acc = (acc + Math.imul(key[at]!, index + 1) + value[at]!) | 0;
  return acc;
}

function matrixKernel(round: number): number {
  const size = MATRIX_SIZE * MATRIX_SIZE;
  const ma = new Int32Array(size);
  const mb = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    ma[i] = toI16(((i * 37 + round) % 251) - 125);
    mb[i] = toI16(((i * 91 + round * 3) % 241) - 120);
  }
  for (let i = 0; i < size; i++) ma[i] = toI16(ma[i]! + toI16(round));
  let acc = 0;
  for (let i = 0; i < MATRIX_SIZE; i++) {
    for (let j = 0; j < MATRIX_SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < MATRIX_SIZE; k++)
        sum = (sum + Math.imul(ma[i * MATRIX_SIZE + k]!, mb[k * MATRIX_SIZE + j]!)) | 0;
      acc = (acc + ((sum >> 2) & 0x7f)) | 0;
      acc ^= (sum >> 9) & 0xf;
    }
  }
  return acc;
}

const ALPHABET = '0123456789.x,ab-';
enum S {
  Start,
  Int,
  Dot,
  Decimal,
  Zero,
  Hex,
  Invalid,
}

function stateKernel(round: number, counts: Int32Array): number {
  let seed = (round + 17) >>> 0;
  const text: string[] = [];
  for (let i = 0; i < TEXT_SIZE; i++) {
    seed = lcg32(seed, 1664525, 1013904223);
    text.push(ALPHABET[(seed >>> 27) & 15]!);
  }
  const finish = (state: S): void => {
    if (state === S.Int || state === S.Zero) counts[0]!++;
    else if (state === S.Decimal) counts[1]!++;
    else if (state === S.Hex) counts[2]!++;
    else if (state !== S.Start) counts[3]!++;
  };
  let state = S.Start;
  for (const c of text) {
    let nextState: S;
    if (c === ',') {
      finish(state);
      nextState = S.Start;
    } else {
      const digit = c >= '0' && c <= '9';
      switch (state) {
        case S.Start:
          nextState = c === '0' ? S.Zero : digit ? S.Int : c === '.' ? S.Dot : S.Invalid;
          break;
        case S.Zero:
          nextState = c === 'x' ? S.Hex : digit ? S.Int : c === '.' ? S.Dot : S.Invalid;
          break;
        case S.Int:
          nextState = digit ? S.Int : c === '.' ? S.Dot : S.Invalid;
          break;
        case S.Dot:
          nextState = digit ? S.Decimal : S.Invalid;
          break;
        case S.Decimal:
          nextState = digit ? S.Decimal : S.Invalid;
          break;
        case S.Hex:
          nextState = digit || c === 'a' || c === 'b' ? S.Hex : S.Invalid;
          break;
        default:
          nextState = S.Invalid;
          break;
      }
    }
    if (nextState !== state) counts[4]!++;
    state = nextState;
  }
  finish(state);
  return counts[0]! * 7 + counts[1]! * 11 + counts[2]! * 13 + counts[3]! * 17 + counts[4]!;
}

/** mixed.c's run(n). */
export function mixedRun(n: number): string {
  const counts = new Int32Array(5);
  let crc = 0xffff;
  for (let r = 0; r < n; r++) {
    crc = crc16Word(crc, listKernel(r));
    crc = crc16Word(crc, matrixKernel(r));
    crc = crc16Word(crc, stateKernel(r, counts));
  }
  return i32String(crc | (counts[3]! << 16));
}
