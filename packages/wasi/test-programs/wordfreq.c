/*
 * A small real program: counts word frequencies in a text with a hash table, keeps a log file open the whole
 * time, writes a report sorted by count. Long enough to be cut at many points with files open.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 1024

struct word { char *text; int count; struct word *next; };
static struct word *table[BUCKETS];
static int distinct = 0;

static unsigned hash(const char *s) {
  unsigned h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h % BUCKETS;
}

static void add(const char *w) {
  unsigned h = hash(w);
  for (struct word *p = table[h]; p; p = p->next) if (strcmp(p->text, w) == 0) { p->count++; return; }
  struct word *p = malloc(sizeof *p);
  p->text = strdup(w);
  p->count = 1;
  p->next = table[h];
  table[h] = p;
  distinct++;
}

static int byCount(const void *a, const void *b) {
  const struct word *x = *(struct word *const *)a, *y = *(struct word *const *)b;
  if (x->count != y->count) return y->count - x->count;
  return strcmp(x->text, y->text);
}

int main(int argc, char **argv) {
  const char *inputPath = argc > 1 ? argv[1] : "/sandbox/corpus.txt";
  FILE *in = fopen(inputPath, "r");
  if (!in) { perror(inputPath); return 1; }
  FILE *log = fopen("/sandbox/wordfreq.log", "w");
  if (!log) { perror("log"); return 1; }
  char word[64];
  int len = 0, c, total = 0, lineNo = 1;
  while ((c = fgetc(in)) != EOF) {
    if (isalpha(c)) {
      if (len < 63) word[len++] = (char)tolower(c);
    } else {
      if (len > 0) { word[len] = 0; add(word); total++; len = 0; }
      if (c == '\n') {
        if (lineNo % 10 == 0) { fprintf(log, "line %d: %d words, %d distinct\n", lineNo, total, distinct); fflush(log); }
        lineNo++;
      }
    }
  }
  if (len > 0) { word[len] = 0; add(word); total++; }
  fclose(in);
  struct word **all = malloc(sizeof *all * distinct);
  int k = 0;
  for (int i = 0; i < BUCKETS; i++) for (struct word *p = table[i]; p; p = p->next) all[k++] = p;
  qsort(all, distinct, sizeof *all, byCount);
  FILE *out = fopen("/sandbox/report.txt", "w");
  fprintf(out, "%d words, %d distinct\n", total, distinct);
  for (int i = 0; i < distinct; i++) fprintf(out, "%6d %s\n", all[i]->count, all[i]->text);
  fclose(out);
  fprintf(log, "done: %d words\n", total);
  fclose(log);
  printf("%d words, %d distinct; top: %s (%d)\n", total, distinct, all[0]->text, all[0]->count);
  return 0;
}
