/**
 * Validation of SIMD instructions on hand-made binaries (the text format cannot even write most of these):
 * lane index bounds of every lane-taking instruction, shuffle indices, alignment limits of the loads and
 * stores, the memory requirement, operand types, and the polymorphic stack after `unreachable`.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompileError, Module } from '../src/index.js';
import { SimdOp } from '../src/simd-opcodes.js';
import { moduleWithBody, simd, V128_ZERO } from './simd-helpers.js';

const DROP = 0x1a;
const I32_ZERO = [0x41, 0x00];
const I64_ZERO = [0x42, 0x00];
const F32_ZERO = [0x43, 0, 0, 0, 0];
const F64_ZERO = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];

/** Compiles a one-function module; returns the CompileError's message, or null when it is valid. */
function compileMessage(code: readonly number[], withMemory = true): string | null {
  try {
    new Module(moduleWithBody(code, withMemory));
    return null;
  } catch (e) {
    assert.ok(e instanceof CompileError, `expected a CompileError, got ${String(e)}`);
    return e.message;
  }
}

function assertValid(code: readonly number[], withMemory = true): void {
  assert.equal(compileMessage(code, withMemory), null);
}

function assertInvalid(code: readonly number[], message: RegExp, withMemory = true): void {
  const got = compileMessage(code, withMemory);
  assert.ok(got !== null, 'expected a CompileError, the module compiled');
  assert.match(got, message);
}

test('extract_lane and replace_lane: lane index below the lane count', () => {
  const cases: [number, number, number, readonly number[]][] = [
    [SimdOp.I8x16ExtractLaneS, SimdOp.I8x16ReplaceLane, 16, I32_ZERO],
    [SimdOp.I8x16ExtractLaneU, SimdOp.I8x16ReplaceLane, 16, I32_ZERO],
    [SimdOp.I16x8ExtractLaneS, SimdOp.I16x8ReplaceLane, 8, I32_ZERO],
    [SimdOp.I16x8ExtractLaneU, SimdOp.I16x8ReplaceLane, 8, I32_ZERO],
    [SimdOp.I32x4ExtractLane, SimdOp.I32x4ReplaceLane, 4, I32_ZERO],
    [SimdOp.I64x2ExtractLane, SimdOp.I64x2ReplaceLane, 2, I64_ZERO],
    [SimdOp.F32x4ExtractLane, SimdOp.F32x4ReplaceLane, 4, F32_ZERO],
    [SimdOp.F64x2ExtractLane, SimdOp.F64x2ReplaceLane, 2, F64_ZERO],
  ];
  for (const [extract, replace, lanes, scalar] of cases) {
    assertValid([...V128_ZERO, ...simd(extract), lanes - 1, DROP]);
    assertInvalid([...V128_ZERO, ...simd(extract), lanes, DROP], /invalid lane index/);
    assertInvalid([...V128_ZERO, ...simd(extract), 255, DROP], /invalid lane index/);
    assertValid([...V128_ZERO, ...scalar, ...simd(replace), lanes - 1, DROP]);
    assertInvalid([...V128_ZERO, ...scalar, ...simd(replace), lanes, DROP], /invalid lane index/);
  }
  // The replaced lane's scalar type is checked too.
  assertInvalid([...V128_ZERO, ...I32_ZERO, ...simd(SimdOp.I64x2ReplaceLane), 0, DROP], /type mismatch/);
  assertInvalid([...V128_ZERO, ...I32_ZERO, ...simd(SimdOp.F32x4ReplaceLane), 0, DROP], /type mismatch/);
});

test('i8x16.shuffle: each of the 16 indices below 32', () => {
  const shuffle = (indices: readonly number[]): number[] => [
    ...V128_ZERO,
    ...V128_ZERO,
    ...simd(SimdOp.I8x16Shuffle),
    ...indices,
    DROP,
  ];
  assertValid(shuffle(Array.from({ length: 16 }, (_, i) => 31 - i)));
  for (const bad of [32, 255]) {
    for (const at of [0, 15]) {
      const indices = new Array<number>(16).fill(0);
      indices[at] = bad;
      assertInvalid(shuffle(indices), /invalid lane index/);
    }
  }
});

test('lane loads and stores: memarg, then a lane index below the lane count', () => {
  for (let log2 = 0; log2 < 4; log2++) {
    const lanes = 16 >> log2;
    const load = (lane: number, align = log2): number[] => [
      ...I32_ZERO,
      ...V128_ZERO,
      ...simd(SimdOp.V128Load8Lane + log2),
      align,
      0,
      lane,
      DROP,
    ];
    const store = (lane: number, align = log2): number[] => [
      ...I32_ZERO,
      ...V128_ZERO,
      ...simd(SimdOp.V128Store8Lane + log2),
      align,
      0,
      lane,
    ];
    assertValid(load(lanes - 1));
    assertValid(store(lanes - 1));
    assertValid(load(0, 0));
    assertInvalid(load(lanes), /invalid lane index/);
    assertInvalid(store(lanes), /invalid lane index/);
    assertInvalid(load(0, log2 + 1), /alignment must not be larger than natural/);
    assertInvalid(store(0, log2 + 1), /alignment must not be larger than natural/);
  }
});

test('loads and stores: alignment up to the bytes accessed, a memory, an i32 address', () => {
  const load = (sub: number, align: number): number[] => [...I32_ZERO, ...simd(sub), align, 0, DROP];
  const natural: [number, number][] = [
    [SimdOp.V128Load, 4],
    [SimdOp.V128Load8x8S, 3],
    [SimdOp.V128Load16x4U, 3],
    [SimdOp.V128Load32x2S, 3],
    [SimdOp.V128Load8Splat, 0],
    [SimdOp.V128Load16Splat, 1],
    [SimdOp.V128Load32Splat, 2],
    [SimdOp.V128Load64Splat, 3],
    [SimdOp.V128Load32Zero, 2],
    [SimdOp.V128Load64Zero, 3],
  ];
  for (const [sub, align] of natural) {
    assertValid(load(sub, align));
    assertValid(load(sub, 0));
    assertInvalid(load(sub, align + 1), /alignment must not be larger than natural/);
    assertInvalid(load(sub, 0), /unknown memory/, false);
  }
  assertValid([...I32_ZERO, ...V128_ZERO, ...simd(SimdOp.V128Store), 4, 0]);
  assertInvalid([...I32_ZERO, ...V128_ZERO, ...simd(SimdOp.V128Store), 5, 0], /alignment/);
  assertInvalid([...I32_ZERO, ...V128_ZERO, ...simd(SimdOp.V128Store), 0, 0], /unknown memory/, false);
  // Address type and operand order.
  assertInvalid([...I64_ZERO, ...simd(SimdOp.V128Load), 0, 0, DROP], /type mismatch/);
  assertInvalid([...V128_ZERO, ...I32_ZERO, ...simd(SimdOp.V128Store), 0, 0], /type mismatch/);
});

test('operand types of lane arithmetic, tests, shifts and splats', () => {
  assertValid([...V128_ZERO, ...V128_ZERO, ...simd(SimdOp.I8x16Add), DROP]);
  assertInvalid([...V128_ZERO, ...I32_ZERO, ...simd(SimdOp.I8x16Add), DROP], /type mismatch/);
  assertInvalid([...V128_ZERO, ...simd(SimdOp.F64x2Pmin), DROP], /type mismatch/);
  assertValid([...V128_ZERO, ...V128_ZERO, ...V128_ZERO, ...simd(SimdOp.V128Bitselect), DROP]);
  assertInvalid([...V128_ZERO, ...V128_ZERO, ...I32_ZERO, ...simd(SimdOp.V128Bitselect), DROP], /type mismatch/);
  // Tests give an i32: adding it to an i32 is fine, using it as a v128 is not.
  assertValid([...V128_ZERO, ...simd(SimdOp.I8x16Bitmask), ...I32_ZERO, 0x6a, DROP]);
  assertInvalid([...V128_ZERO, ...simd(SimdOp.V128AnyTrue), ...simd(SimdOp.V128Not), DROP], /type mismatch/);
  // Shifts take an i32 count on top.
  assertValid([...V128_ZERO, ...I32_ZERO, ...simd(SimdOp.I64x2ShrS), DROP]);
  assertInvalid([...V128_ZERO, ...V128_ZERO, ...simd(SimdOp.I64x2ShrS), DROP], /type mismatch/);
  assertInvalid([...V128_ZERO, ...I64_ZERO, ...simd(SimdOp.I32x4Shl), DROP], /type mismatch/);
  // Splats take their lane's scalar type.
  assertValid([...I64_ZERO, ...simd(SimdOp.I64x2Splat), DROP]);
  assertInvalid([...I32_ZERO, ...simd(SimdOp.I64x2Splat), DROP], /type mismatch/);
  assertInvalid([...F64_ZERO, ...simd(SimdOp.F32x4Splat), DROP], /type mismatch/);
  assertValid([...F32_ZERO, ...simd(SimdOp.F32x4Splat), DROP]);
});

test('after unreachable, SIMD instructions take operands from the polymorphic stack', () => {
  assertValid([0x00, ...simd(SimdOp.I8x16Add), ...simd(SimdOp.I8x16Bitmask), DROP]);
  assertValid([0x00, ...simd(SimdOp.V128Store), 0, 0]);
  assertValid([0x00, ...simd(SimdOp.I32x4ReplaceLane), 3, DROP]);
  // Immediates are still checked in unreachable code.
  assertInvalid([0x00, ...simd(SimdOp.I32x4ReplaceLane), 4, DROP], /invalid lane index/);
  assertInvalid([0x00, ...I64_ZERO, ...simd(SimdOp.I32x4ReplaceLane), 3, DROP], /type mismatch/);
  assertInvalid([0x00, ...I32_ZERO, ...simd(SimdOp.I8x16Add), DROP], /type mismatch/);
});

test('sub-opcodes that 2.0 leaves unassigned are rejected', () => {
  for (const sub of [0x9a, 0xa2, 0xee, 0x100]) {
    assert.notEqual(compileMessage([...V128_ZERO, ...simd(sub), DROP]), null, `sub-opcode 0x${sub.toString(16)}`);
  }
});
