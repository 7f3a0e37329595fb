/* Regular files: create, write, read, seek, pread/pwrite, append, truncate, holes, stat, rename, unlink, errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(int ok, const char *what) {
  if (!ok) { printf("FAIL %s: errno %d (%s)\n", what, errno, strerror(errno)); exit(1); }
}

static unsigned checksum(const unsigned char *p, size_t n) {
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

int main(void) {
  /* A file prepared by the host. */
  FILE *in = fopen("/sandbox/input.txt", "r");
  check(in != NULL, "open input");
  char line[256];
  int lines = 0;
  size_t bytes = 0;
  while (fgets(line, sizeof line, in)) { lines++; bytes += strlen(line); }
  fclose(in);
  printf("input: %d lines, %zu bytes\n", lines, bytes);

  /* Write a file line by line, then read it back. */
  check(mkdir("/sandbox/out", 0755) == 0, "mkdir out");
  FILE *f = fopen("/sandbox/out/numbers.txt", "w");
  check(f != NULL, "create numbers");
  for (int i = 0; i < 300; i++) fprintf(f, "%d squared is %d\n", i, i * i);
  check(fclose(f) == 0, "close numbers");
  f = fopen("/sandbox/out/numbers.txt", "r");
  check(f != NULL, "reopen numbers");
  static unsigned char buf[16384];
  size_t n = fread(buf, 1, sizeof buf, f);
  printf("numbers: %zu bytes, checksum %08x\n", n, checksum(buf, n));
  check(fseek(f, 100, SEEK_SET) == 0, "fseek");
  printf("ftell after fseek: %ld\n", ftell(f));
  check(fgets(line, sizeof line, f) != NULL, "fgets after seek");
  printf("line at 100: %s", line);
  check(fseek(f, -20, SEEK_END) == 0, "fseek end");
  n = fread(buf, 1, 100, f);
  printf("last %zu bytes: %.*s", n, (int)n, buf);
  fclose(f);

  /* POSIX descriptors: pwrite/pread do not move the position. */
  int fd = open("/sandbox/out/raw.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
  check(fd >= 0, "open raw");
  for (int i = 0; i < 256; i++) buf[i] = (unsigned char)i;
  check(write(fd, buf, 256) == 256, "write raw");
  check(pwrite(fd, "XYZ", 3, 10) == 3, "pwrite");
  printf("position after pwrite: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  memset(buf, 0, 16);
  check(pread(fd, buf, 16, 8) == 16, "pread");
  printf("pread: %02x %02x %c%c%c %02x\n", buf[0], buf[1], buf[2], buf[3], buf[4], buf[5]);
  /* A hole: seek past the end and write. */
  check(lseek(fd, 1000, SEEK_SET) == 1000, "lseek hole");
  check(write(fd, "end", 3) == 3, "write after hole");
  struct stat st;
  check(fstat(fd, &st) == 0, "fstat raw");
  printf("raw size %lld, regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode) ? 1 : 0);
  check(pread(fd, buf, 4, 500) == 4, "pread hole");
  printf("hole bytes: %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
  check(ftruncate(fd, 300) == 0, "ftruncate");
  check(fstat(fd, &st) == 0, "fstat after truncate");
  printf("after truncate: %lld\n", (long long)st.st_size);
  check(lseek(fd, 0, SEEK_END) == 300, "seek end");
  check(close(fd) == 0, "close raw");

  /* Append mode writes at the end whatever the position. */
  f = fopen("/sandbox/out/log.txt", "w");
  fputs("first\n", f);
  fclose(f);
  f = fopen("/sandbox/out/log.txt", "a");
  check(f != NULL, "open append");
  fputs("second\n", f);
  fputs("third\n", f);
  fclose(f);
  f = fopen("/sandbox/out/log.txt", "r+");
  fseek(f, 0, SEEK_SET);
  fputs("FIRST", f);
  fclose(f);

  /* Rename and unlink. */
  check(rename("/sandbox/out/log.txt", "/sandbox/out/journal.txt") == 0, "rename");
  check(access("/sandbox/out/log.txt", F_OK) != 0, "old name gone");
  f = fopen("/sandbox/out/tmp.txt", "w");
  fputs("temporary\n", f);
  fclose(f);
  check(unlink("/sandbox/out/tmp.txt") == 0, "unlink");
  check(stat("/sandbox/out/journal.txt", &st) == 0, "stat journal");
  printf("journal size %lld\n", (long long)st.st_size);
  /* rename over an existing file replaces it */
  f = fopen("/sandbox/out/a.txt", "w"); fputs("A\n", f); fclose(f);
  f = fopen("/sandbox/out/b.txt", "w"); fputs("BB\n", f); fclose(f);
  check(rename("/sandbox/out/a.txt", "/sandbox/out/b.txt") == 0, "rename over");
  check(stat("/sandbox/out/b.txt", &st) == 0, "stat b");
  printf("b.txt size after rename over: %lld\n", (long long)st.st_size);

  /* Errors come back as errno values. */
  errno = 0;
  printf("open missing: %s (%d)\n", fopen("/sandbox/nope.txt", "r") ? "opened" : strerror(errno), errno);
  errno = 0;
  fd = open("/sandbox/out/b.txt", O_CREAT | O_EXCL | O_WRONLY, 0644);
  printf("exclusive create of existing: %d errno %d\n", fd, errno);
  errno = 0;
  printf("unlink missing: %d errno %d\n", unlink("/sandbox/out/none"), errno);
  errno = 0;
  printf("open dir for writing: %d errno %d\n", open("/sandbox/out", O_WRONLY), errno);
  errno = 0;
  printf("file as directory: %d errno %d\n", open("/sandbox/input.txt/x", O_RDONLY), errno);
  errno = 0;
  printf("escape the sandbox: %d errno %d\n", open("/sandbox/../etc/passwd", O_RDONLY), errno);
  printf("done\n");
  return 0;
}
