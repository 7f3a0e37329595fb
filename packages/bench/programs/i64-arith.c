/*
 * i64-heavy arithmetic: xorshift and LCG generators mixed with 64-bit
 * multiply, unsigned and signed division and remainder, rotates, shifts,
 * popcount and leading-zero counts. run(n) does n rounds, returns an i64.
 */
#include "bench.h"

static inline uint64_t rotl64(uint64_t x, uint32_t k) {
  return (x << (k & 63)) | (x >> ((64 - k) & 63));
}

EXPORT("run") int64_t run(int32_t n) {
  uint64_t x = 0x9e3779b97f4a7c15ULL;
  uint64_t y = 0x0123456789abcdefULL;
  uint64_t acc = 0;
  for (int32_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    y = y * 6364136223846793005ULL + 1442695040888963407ULL;
    uint64_t d = (y >> 35) | 1;
    acc += x / d;
    acc ^= x % d;
    int64_t s = (int64_t)(acc ^ y);
    int64_t q = s / (int64_t)((x >> 40) | 3);
    acc += (uint64_t)q;
    acc = rotl64(acc, (uint32_t)(x & 63));
    acc += (uint64_t)__builtin_popcountll(y) + (uint64_t)__builtin_clzll(x | 1);
    acc -= (uint64_t)((int64_t)y >> 11);
    acc *= x | 1;
  }
  return (int64_t)acc;
}
