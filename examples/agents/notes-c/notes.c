/*
 * notes: an Edgedancer agent written against wasi-libc (stdio, files, clocks) that keeps its state in files.
 *
 * Requests (text; the response is text):
 *   add <text>    appends <text> as a line to the notes file ($NOTES_FILE) (through a FILE* kept open across requests, so the
 *                 descriptor and its offset travel with the agent) and bumps the counter kept in counter.txt;
 *                 answers "note <n>"
 *   list          the whole notes file (read through a second stream opened for the call)
 *   count         the counter, read back from counter.txt
 *   go <node>     strong migration in the middle of the request (edgedancer's migrate); the rest of the
 *                 request runs on <node>: it appends "moved to <node>" and answers "arrived at <node>"
 *   where         the node the agent runs on (edgedancer's node_name)
 *   clock         the monotonic clock in nanoseconds (it never goes back, also across a move)
 * Each handled request prints one line on stdout: the platform puts it in the agent's log.
 *
 * The module declares its WASI arguments and environment in an `edgedancer.wasi` custom section (end of file), so
 * they are part of what the manifest signs: NOTES_FILE names the notes file.
 *
 * Build: node examples/agents/build.mjs (clang, lld and wasi-libc; a reactor: -mexec-model=reactor).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edgedancer.h"

static FILE *journal;        /* the notes file, open for appending from init on */
static const char *notes_file;
static char *request;        /* the buffer alloc hands out */
static int32_t request_cap;
static char response[65536];

static uint64_t reply(int32_t len) {
  return (uint64_t)(uintptr_t)response | (uint64_t)len << 32;
}

static uint64_t replyf(const char *fmt, long long v, const char *s) {
  int n = snprintf(response, sizeof response, fmt, v, s);
  return reply(n < 0 ? 0 : n >= (int)sizeof response ? (int32_t)sizeof response - 1 : n);
}

static long long read_counter(void) {
  FILE *f = fopen("counter.txt", "r");
  long long n = 0;
  if (f != NULL) {
    if (fscanf(f, "%lld", &n) != 1) n = 0;
    fclose(f);
  }
  return n;
}

static int write_counter(long long n) {
  FILE *f = fopen("counter.txt", "w");
  if (f == NULL) return -1;
  fprintf(f, "%lld\n", n);
  return fclose(f);
}

ED_EXPORT("init") void init(void) {
  notes_file = getenv("NOTES_FILE");
  if (notes_file == NULL) notes_file = "notes.txt";
  journal = fopen(notes_file, "a");
  if (journal == NULL) {
    perror(notes_file);
    abort();
  }
  write_counter(0);
  printf("notes: ready, writing %s\n", notes_file);
}

ED_EXPORT("alloc") char *alloc(int32_t len) {
  if (len >= request_cap) {
    char *grown = realloc(request, (size_t)len + 1);
    if (grown == NULL) return 0;
    request = grown;
    request_cap = len + 1;
  }
  return request;
}

static int starts(const char *req, int32_t len, const char *word) {
  size_t n = strlen(word);
  return (size_t)len >= n && memcmp(req, word, n) == 0;
}

ED_EXPORT("handle") uint64_t handle(char *req, int32_t len) {
  req[len] = 0; /* alloc left room for it */
  if (starts(req, len, "add ")) {
    fprintf(journal, "%s\n", req + 4);
    fflush(journal);
    long long n = read_counter() + 1;
    write_counter(n);
    printf("notes: note %lld added\n", n);
    return replyf("note %lld%s", n, "");
  }
  if (starts(req, len, "list")) {
    FILE *f = fopen(notes_file, "r");
    if (f == NULL) return replyf("error %lld: %s", 0, notes_file);
    size_t n = fread(response, 1, sizeof response, f);
    fclose(f);
    return reply((int32_t)n);
  }
  if (starts(req, len, "count")) return replyf("%lld%s", read_counter(), "");
  if (starts(req, len, "go ")) {
    const char *dest = req + 3;
    int32_t status = ed_migrate(dest, len - 3);
    if (status != ED_OK) return replyf("migrate failed: %lld%s", status, "");
    char here[256];
    int32_t n = ed_node_name(here, sizeof here - 1);
    here[n < (int32_t)sizeof here ? n : (int32_t)sizeof here - 1] = 0;
    fprintf(journal, "moved to %s\n", here);
    fflush(journal);
    printf("notes: arrived at %s\n", here);
    return replyf("arrived at %.0lld%s", 0, here);
  }
  if (starts(req, len, "where")) {
    int32_t n = ed_node_name(response, sizeof response);
    return reply(n < (int32_t)sizeof response ? n : (int32_t)sizeof response);
  }
  if (starts(req, len, "clock")) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return replyf("%lld%s", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec, "");
  }
  return replyf("unknown request (%lld bytes)%s", len, "");
}

/* WASI arguments and environment, measured and signed with the module (docs/agents.md). */
__asm__(".section .custom_section.edgedancer.wasi,\"\",@\n"
        ".ascii \"{\\\"args\\\":[\\\"notes\\\"],\\\"env\\\":{\\\"NOTES_FILE\\\":\\\"notes.txt\\\"}}\"\n");
