/*
 * Integer loops over memory: the sieve of Eratosthenes over a byte array.
 * run(n) sieves n times, with a limit that varies slightly per round, and
 * folds the prime counts. programs/sieve.wat computes the same checksum.
 */
#include "bench.h"

#define SIEVE_SIZE 65536

static uint8_t composite[SIEVE_SIZE];

static int32_t count_primes(int32_t limit) {
  for (int32_t i = 0; i < limit; i++) {
    composite[i] = 0;
  }
  int32_t count = 0;
  for (int32_t i = 2; i < limit; i++) {
    if (!composite[i]) {
      count++;
      for (int32_t j = i + i; j < limit; j += i) {
        composite[j] = 1;
      }
    }
  }
  return count;
}

EXPORT("run") int32_t run(int32_t n) {
  int32_t acc = 0;
  for (int32_t r = 0; r < n; r++) {
    acc = acc * 17 + count_primes(SIEVE_SIZE - (r & 15) * 64);
  }
  return acc;
}
