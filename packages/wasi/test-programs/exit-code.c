/* exit() from deep inside the program: atexit handlers run, stdio is flushed, the code reaches the host. */
#include <stdio.h>
#include <stdlib.h>

static void goodbye(void) { printf("atexit handler ran\n"); }

static int depth(int n, int code) {
  if (n == 0) {
    printf("exiting with %d from depth\n", code);
    fprintf(stderr, "stderr before exit\n");
    exit(code);
  }
  return depth(n - 1, code) + 1;
}

int main(int argc, char **argv) {
  atexit(goodbye);
  int code = argc > 1 ? atoi(argv[1]) : 42;
  printf("buffered line without flush");
  printf("\n");
  return depth(50, code);
}
