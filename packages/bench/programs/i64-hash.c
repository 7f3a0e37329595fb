/*
 * General 64-bit integer code, of the kinds real programs run: a PCG-XSH-RR
 * generator, xorshift64*, FNV-1a over a byte buffer, SipHash-2-4 over 64-bit
 * words, and schoolbook multiplication of 256-bit numbers on 32-bit limbs with
 * 64-bit products and carries, reduced by a 64-bit modulus. run(n) does n
 * rounds and returns a 64-bit checksum.
 */
#include "bench.h"

static uint8_t buf[256];

static inline uint64_t rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

#define SIPROUND(v0, v1, v2, v3)                                         \
  do {                                                                   \
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);            \
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                               \
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                               \
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);            \
  } while (0)

NOINLINE static uint64_t siphash(uint64_t k0, uint64_t k1, const uint64_t *m, int words) {
  uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
  for (int i = 0; i < words; i++) {
    v3 ^= m[i];
    SIPROUND(v0, v1, v2, v3);
    SIPROUND(v0, v1, v2, v3);
    v0 ^= m[i];
  }
  v2 ^= 0xff;
  for (int r = 0; r < 4; r++) SIPROUND(v0, v1, v2, v3);
  return v0 ^ v1 ^ v2 ^ v3;
}

NOINLINE static uint64_t fnv1a(const uint8_t *p, int len) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h;
}

/* r = a * b (8 limbs of 32 bits each, 16-limb product), then the product mod m. */
NOINLINE static uint64_t bigmul_mod(const uint32_t *a, const uint32_t *b, uint64_t m) {
  uint32_t r[16] = {0};
  for (int i = 0; i < 8; i++) {
    uint64_t carry = 0;
    for (int j = 0; j < 8; j++) {
      uint64_t t = (uint64_t)a[i] * b[j] + r[i + j] + carry;
      r[i + j] = (uint32_t)t;
      carry = t >> 32;
    }
    r[i + 8] = (uint32_t)carry;
  }
  uint64_t acc = 0;
  for (int k = 15; k >= 0; k--) {
    acc = ((acc << 16) | (r[k] >> 16)) % m;
    acc = ((acc << 16) | (r[k] & 0xffff)) % m;
  }
  return acc;
}

EXPORT("run") int64_t run(int32_t n) {
  uint64_t pcg = 0x853c49e6748fea9bULL, xs = 0x2545f4914f6cdd1dULL, sum = 0;
  uint32_t a[8], b[8];
  uint64_t words[8];
  for (int k = 0; k < 256; k++) buf[k] = (uint8_t)k;
  for (int32_t i = 0; i < n; i++) {
    for (int k = 0; k < 8; k++) {
      uint64_t old = pcg;
      pcg = old * 6364136223846793005ULL + 1442695040888963407ULL;
      uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
      uint32_t rot = (uint32_t)(old >> 59);
      a[k] = (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
      xs ^= xs >> 12;
      xs ^= xs << 25;
      xs ^= xs >> 27;
      uint64_t w = xs * 0x2545f4914f6cdd1dULL;
      b[k] = (uint32_t)(w >> 32);
      words[k] = w ^ old;
    }
    for (int k = 0; k < 32; k++) buf[(i * 32 + k) & 255] = (uint8_t)(words[k & 7] >> ((k >> 3) * 8));
    sum = fold64(sum, siphash(pcg, xs, words, 8));
    sum = fold64(sum, fnv1a(buf, 256));
    sum = fold64(sum, bigmul_mod(a, b, (xs >> 3) | 0x8000000000000001ULL));
    sum = fold64(sum, (uint64_t)((int64_t)words[i & 7] / (int64_t)((pcg >> 20) | 1)));
  }
  return (int64_t)sum;
}
