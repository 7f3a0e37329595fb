/*
 * SHA-256 (FIPS 180-4) over a 1 KiB message whose first bytes and length
 * change every round. run(n) hashes n messages and folds the digests.
 */
#include "bench.h"

#define MESSAGE_SIZE 1024

static const uint32_t ROUND_CONSTANTS[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t INITIAL_STATE[8] = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static uint8_t message[MESSAGE_SIZE];
static uint32_t state[8];
static uint8_t tail[128];

static inline uint32_t rotr(uint32_t x, uint32_t k) {
  return (x >> k) | (x << (32 - k));
}

static void compress(const uint8_t *block) {
  uint32_t w[64];
  for (int32_t t = 0; t < 16; t++) {
    const uint8_t *p = block + t * 4;
    w[t] = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
  }
  for (int32_t t = 16; t < 64; t++) {
    uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int32_t t = 0; t < 64; t++) {
    uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                  ROUND_CONSTANTS[t] + w[t];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a; state[1] += b; state[2] += c; state[3] += d;
  state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

/* Hashes message[0..length) into state. */
static void sha256(int32_t length) {
  for (int32_t i = 0; i < 8; i++) state[i] = INITIAL_STATE[i];
  int32_t full = length & ~63;
  for (int32_t off = 0; off < full; off += 64) compress(message + off);
  int32_t rest = length - full;
  for (int32_t i = 0; i < 128; i++) tail[i] = 0;
  for (int32_t i = 0; i < rest; i++) tail[i] = message[full + i];
  tail[rest] = 0x80;
  int32_t tail_size = rest < 56 ? 64 : 128;
  uint64_t bits = (uint64_t)length * 8;
  for (int32_t i = 0; i < 8; i++) tail[tail_size - 1 - i] = (uint8_t)(bits >> (8 * i));
  compress(tail);
  if (tail_size == 128) compress(tail + 64);
}

EXPORT("run") int32_t run(int32_t n) {
  for (int32_t i = 0; i < MESSAGE_SIZE; i++) message[i] = (uint8_t)(i * 7 + 3);
  uint32_t acc = 0;
  for (int32_t r = 0; r < n; r++) {
    message[0] = (uint8_t)r;
    message[1] = (uint8_t)(r >> 8);
    sha256(MESSAGE_SIZE - (r & 63));
    acc = rotr(acc, 5) ^ state[0] ^ state[7];
  }
  return (int32_t)acc;
}

/* Exposes the digest of the last hashed message (32 bytes) for tests. */
EXPORT("digest_of") int32_t digest_of(int32_t length) {
  for (int32_t i = 0; i < MESSAGE_SIZE; i++) message[i] = (uint8_t)(i * 7 + 3);
  sha256(length);
  for (int32_t i = 0; i < 8; i++) {
    tail[i * 4] = (uint8_t)(state[i] >> 24);
    tail[i * 4 + 1] = (uint8_t)(state[i] >> 16);
    tail[i * 4 + 2] = (uint8_t)(state[i] >> 8);
    tail[i * 4 + 3] = (uint8_t)state[i];
  }
  return (int32_t)(uintptr_t)tail;
}
