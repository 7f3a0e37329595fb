/* Arguments, environment and the exit code: prints what it was given and exits with argv[1]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=\"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  int n = 0;
  for (char **e = environ; *e != NULL; e++) printf("env[%d]=%s\n", n++, *e);
  const char *greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  printf("MISSING=%s\n", getenv("MISSING") ? "set" : "(unset)");
  fprintf(stderr, "to stderr: %d entries\n", n);
  return argc > 1 ? atoi(argv[1]) : 0;
}
