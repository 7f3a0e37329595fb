/* Directories: create, list (sorted), walk, rename, remove; the errors POSIX gives for misuse. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(int ok, const char *what) {
  if (!ok) { printf("FAIL %s: errno %d (%s)\n", what, errno, strerror(errno)); exit(1); }
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Names in a directory, without . and .., sorted. */
static int list(const char *path, char **names, int max) {
  DIR *d = opendir(path);
  check(d != NULL, path);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n < max) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  return n;
}

static void walk(const char *path, int depth) {
  char *names[512];
  int n = list(path, names, 512);
  for (int i = 0; i < n; i++) {
    char child[1024];
    snprintf(child, sizeof child, "%s/%s", path, names[i]);
    struct stat st;
    check(lstat(child, &st) == 0, child);
    printf("%*s%s%s", depth * 2, "", names[i], S_ISDIR(st.st_mode) ? "/\n" : "");
    if (S_ISDIR(st.st_mode)) walk(child, depth + 1);
    else printf(" (%lld bytes)\n", (long long)st.st_size);
    free(names[i]);
  }
}

static void removeTree(const char *path) {
  char *names[512];
  int n = list(path, names, 512);
  for (int i = 0; i < n; i++) {
    char child[1024];
    snprintf(child, sizeof child, "%s/%s", path, names[i]);
    struct stat st;
    check(lstat(child, &st) == 0, child);
    if (S_ISDIR(st.st_mode)) removeTree(child);
    else check(unlink(child) == 0, child);
    free(names[i]);
  }
  check(rmdir(path) == 0, path);
}

static void touch(const char *path, int size) {
  FILE *f = fopen(path, "w");
  check(f != NULL, path);
  for (int i = 0; i < size; i++) fputc('a' + i % 26, f);
  fclose(f);
}

int main(void) {
  check(mkdir("/sandbox/tree", 0755) == 0, "mkdir tree");
  char path[256];
  for (int i = 0; i < 5; i++) {
    snprintf(path, sizeof path, "/sandbox/tree/dir%d", i);
    check(mkdir(path, 0755) == 0, path);
    for (int j = 0; j <= i; j++) {
      snprintf(path, sizeof path, "/sandbox/tree/dir%d/file%d.txt", i, j);
      touch(path, 10 * (i + 1) + j);
    }
  }
  check(mkdir("/sandbox/tree/dir4/deep", 0755) == 0, "mkdir deep");
  check(mkdir("/sandbox/tree/dir4/deep/deeper", 0755) == 0, "mkdir deeper");
  touch("/sandbox/tree/dir4/deep/deeper/leaf.txt", 3);
  printf("tree:\n");
  walk("/sandbox/tree", 1);

  /* Many entries: more than one fd_readdir buffer. */
  check(mkdir("/sandbox/many", 0755) == 0, "mkdir many");
  for (int i = 0; i < 300; i++) {
    snprintf(path, sizeof path, "/sandbox/many/entry-with-a-rather-long-name-%03d", i);
    touch(path, 0);
  }
  char *names[512];
  int n = list("/sandbox/many", names, 512);
  printf("many: %d entries, first %s, last %s\n", n, names[0], names[n - 1]);
  for (int i = 0; i < n; i++) free(names[i]);
  /* rewinddir and telldir/seekdir */
  DIR *d = opendir("/sandbox/many");
  int count = 0;
  while (readdir(d) != NULL) count++;
  rewinddir(d);
  int again = 0;
  while (readdir(d) != NULL) again++;
  closedir(d);
  printf("rewind gives the same count: %d\n", count == again);

  /* Renames of directories carry their contents. */
  check(rename("/sandbox/tree/dir1", "/sandbox/tree/renamed") == 0, "rename dir");
  check(rename("/sandbox/tree/dir2", "/sandbox/tree/dir4/deep/moved") == 0, "move dir");
  struct stat st;
  check(stat("/sandbox/tree/dir4/deep/moved/file1.txt", &st) == 0, "stat moved file");
  printf("moved file size %lld\n", (long long)st.st_size);
  check(stat("/sandbox/tree/renamed", &st) == 0 && S_ISDIR(st.st_mode), "renamed is a dir");

  /* Misuse. */
  errno = 0; printf("mkdir existing: %d errno %d\n", mkdir("/sandbox/tree", 0755), errno);
  errno = 0; printf("rmdir non-empty: %d errno %d\n", rmdir("/sandbox/tree/dir3"), errno);
  errno = 0; printf("rmdir a file: %d errno %d\n", rmdir("/sandbox/tree/dir3/file0.txt"), errno);
  errno = 0; printf("unlink a directory: %d errno %d\n", unlink("/sandbox/tree/dir3"), errno);
  errno = 0; printf("rmdir missing: %d errno %d\n", rmdir("/sandbox/tree/none"), errno);
  errno = 0; printf("mkdir below a file: %d errno %d\n", mkdir("/sandbox/tree/dir3/file0.txt/x", 0755), errno);
  errno = 0; printf("opendir a file: %s errno %d\n", opendir("/sandbox/tree/dir3/file0.txt") ? "opened" : "null", errno);
  errno = 0; printf("rename dir into itself: %d errno %d\n", rename("/sandbox/tree/dir3", "/sandbox/tree/dir3/sub"), errno);
  errno = 0; printf("rename file over dir: %d errno %d\n", rename("/sandbox/tree/dir3/file0.txt", "/sandbox/tree/dir0"), errno);
  errno = 0; printf("rename dir over file: %d errno %d\n", rename("/sandbox/tree/dir0", "/sandbox/tree/dir3/file0.txt"), errno);
  check(mkdir("/sandbox/empty", 0755) == 0, "mkdir empty");
  errno = 0; printf("rename dir over empty dir: %d\n", rename("/sandbox/tree/dir0", "/sandbox/empty"));
  check(stat("/sandbox/empty/file0.txt", &st) == 0, "file in replaced dir");

  /* Tear part of it down. */
  removeTree("/sandbox/many");
  removeTree("/sandbox/tree/dir4");
  printf("after removal:\n");
  walk("/sandbox", 1);
  printf("done\n");
  return 0;
}
