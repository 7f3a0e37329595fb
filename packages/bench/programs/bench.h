/*
 * Shared definitions for the freestanding benchmark programs.
 *
 * Every program is compiled with --target=wasm32 -nostdlib, so it needs no
 * imports; each exports `run(n)`, whose work grows linearly with n and which
 * returns an integer checksum (floating-point results are folded in by their
 * bit patterns, so every engine must agree bit for bit).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

/* Exports a function under the given name. */
#define EXPORT(name) __attribute__((export_name(name)))

/* Keeps a helper out of line so the call is really made. */
#define NOINLINE __attribute__((noinline))

/* FNV-1a style 64-bit fold of one value into a running hash. */
static inline uint64_t fold64(uint64_t hash, uint64_t value) {
  return (hash ^ value) * 0x100000001b3ULL;
}

/* The bit pattern of a double. */
static inline uint64_t f64_bits(double x) {
  union { double d; uint64_t u; } v;
  v.d = x;
  return v.u;
}

/* The bit pattern of a float. */
static inline uint32_t f32_bits(float x) {
  union { float f; uint32_t u; } v;
  v.f = x;
  return v.u;
}

#define FOLD64_INIT 0xcbf29ce484222325ULL

#endif
