/*
 * f64 matrix multiply: C = A x B on 40x40 matrices of doubles. After each
 * product one element of A is replaced by a scaled element of C, so no round
 * repeats the previous one; the checksum folds the bits of one element of C
 * per round and of its whole diagonal at the end.
 */
#include "bench.h"

#define N 40

static double a[N * N];
static double b[N * N];
static double c[N * N];

static void fill(double *m, uint32_t seed) {
  uint32_t x = seed;
  for (int32_t i = 0; i < N * N; i++) {
    x = x * 1103515245u + 12345u;
    m[i] = (double)((x >> 16) % 1000u) / 250.0 - 2.0;
  }
}

static void multiply(void) {
  for (int32_t i = 0; i < N; i++) {
    for (int32_t j = 0; j < N; j++) {
      c[i * N + j] = 0.0;
    }
    for (int32_t k = 0; k < N; k++) {
      double aik = a[i * N + k];
      for (int32_t j = 0; j < N; j++) {
        c[i * N + j] += aik * b[k * N + j];
      }
    }
  }
}

EXPORT("run") int64_t run(int32_t n) {
  fill(a, 1);
  fill(b, 2);
  uint64_t hash = FOLD64_INIT;
  for (int32_t r = 0; r < n; r++) {
    multiply();
    a[r % (N * N)] = c[(r * 7) % (N * N)] * 0.001;
    hash = fold64(hash, f64_bits(c[(r * 13) % (N * N)]));
  }
  for (int32_t i = 0; i < N; i++) {
    hash = fold64(hash, f64_bits(c[i * N + i]));
  }
  return (int64_t)hash;
}
