/* Clocks, sleeping and random bytes. Prints only what holds on any host (no times or random values). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec t, prev, res;
  clock_gettime(CLOCK_REALTIME, &t);
  printf("realtime after 2020: %d\n", t.tv_sec > 1577836800);
  time_t now = time(NULL);
  printf("time() after 2020: %d\n", now > 1577836800);
  clock_gettime(CLOCK_MONOTONIC, &prev);
  int monotonic = 1;
  for (int i = 0; i < 200; i++) {
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (ns(t) < ns(prev)) monotonic = 0;
    prev = t;
  }
  printf("monotonic never goes back: %d\n", monotonic);
  printf("resolution positive: %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(res) > 0);
  printf("realtime resolution positive: %d\n", clock_getres(CLOCK_REALTIME, &res) == 0 && ns(res) > 0);
  struct timespec before, after, nap = {0, 5000000};
  clock_gettime(CLOCK_MONOTONIC, &before);
  nanosleep(&nap, NULL);
  clock_gettime(CLOCK_MONOTONIC, &after);
  printf("nanosleep 5ms lasted at least 5ms: %d\n", ns(after) - ns(before) >= 5000000);
  clock_gettime(CLOCK_MONOTONIC, &before);
  usleep(2000);
  clock_gettime(CLOCK_MONOTONIC, &after);
  printf("usleep 2ms lasted at least 2ms: %d\n", ns(after) - ns(before) >= 2000000);
  struct timespec cpu;
  printf("process cputime readable: %d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0);

  unsigned char a[64], b[64];
  printf("getentropy: %d\n", getentropy(a, sizeof a));
  printf("getentropy again: %d\n", getentropy(b, sizeof b));
  int zero = 1;
  for (int i = 0; i < 64; i++) if (a[i]) zero = 0;
  printf("random bytes not all zero: %d\n", !zero);
  printf("two draws differ: %d\n", memcmp(a, b, sizeof a) != 0);
  unsigned char big[256];
  printf("getentropy 256: %d\n", getentropy(big, sizeof big));
  unsigned r1 = arc4random(), r2 = arc4random();
  printf("arc4random differs: %d\n", r1 != r2);
  return 0;
}
