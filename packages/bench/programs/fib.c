/*
 * Recursive calls: the naive Fibonacci recursion, one wasm call per node of
 * the call tree. run(n) evaluates fib(20..23) n times in rotation.
 */
#include "bench.h"

static int32_t fib(int32_t k) {
  return k < 2 ? k : fib(k - 1) + fib(k - 2);
}

EXPORT("run") int32_t run(int32_t n) {
  int32_t acc = 0;
  for (int32_t i = 0; i < n; i++) {
    acc = acc * 31 + fib(20 + (i & 3));
  }
  return acc;
}
