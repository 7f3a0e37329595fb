/* Reads stdin to the end, writes it upper-cased to stdout and to a file, reports the counts on stderr. */
#include <ctype.h>
#include <stdio.h>

int main(void) {
  FILE *copy = fopen("/sandbox/stdin-copy.txt", "w");
  if (!copy) { perror("open copy"); return 2; }
  int c, n = 0, lines = 0;
  while ((c = getchar()) != EOF) {
    n++;
    if (c == '\n') lines++;
    putchar(toupper(c));
    fputc(c, copy);
  }
  fclose(copy);
  fprintf(stderr, "%d bytes, %d lines\n", n, lines);
  return lines > 0 ? 0 : 3;
}
