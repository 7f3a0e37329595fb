/*
 * Symbolic and hard links: create, read, stat through and not through, open through, unlink one name.
 * (Short readlink buffers and O_NOFOLLOW are left out: Node's WASI differs from POSIX there; the unit tests
 * cover them.)
 */
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

int main(void) {
  check(mkdir("/sandbox/l", 0755) == 0, "mkdir");
  FILE *f = fopen("/sandbox/l/target.txt", "w");
  fputs("the target\n", f);
  fclose(f);
  check(symlink("target.txt", "/sandbox/l/link") == 0, "symlink");
  check(symlink("l/../l/target.txt", "/sandbox/updown") == 0, "symlink with ..");
  check(symlink("missing", "/sandbox/l/dangling") == 0, "dangling symlink");
  char buf[256];
  ssize_t n = readlink("/sandbox/l/link", buf, sizeof buf);
  check(n > 0, "readlink");
  printf("readlink: %.*s\n", (int)n, buf);
  struct stat st, lst;
  check(stat("/sandbox/l/link", &st) == 0, "stat link");
  check(lstat("/sandbox/l/link", &lst) == 0, "lstat link");
  printf("stat: regular %d size %lld; lstat: symlink %d\n", S_ISREG(st.st_mode), (long long)st.st_size, S_ISLNK(lst.st_mode));
  f = fopen("/sandbox/updown", "r");
  check(f != NULL, "open through symlink");
  check(fgets(buf, sizeof buf, f) != NULL, "read through symlink");
  fclose(f);
  printf("through updown: %s", buf);
  errno = 0; printf("stat dangling: %d errno %d\n", stat("/sandbox/l/dangling", &st), errno);
  errno = 0; printf("lstat dangling: %d\n", lstat("/sandbox/l/dangling", &st));
  errno = 0; printf("readlink of a file: %zd errno %d\n", readlink("/sandbox/l/target.txt", buf, sizeof buf), errno);
  errno = 0; printf("symlink over existing: %d errno %d\n", symlink("x", "/sandbox/l/link"), errno);

  check(link("/sandbox/l/target.txt", "/sandbox/l/hard") == 0, "link");
  check(stat("/sandbox/l/hard", &st) == 0, "stat hard");
  printf("nlink after link: %llu\n", (unsigned long long)st.st_nlink);
  check(unlink("/sandbox/l/target.txt") == 0, "unlink target");
  check(stat("/sandbox/l/hard", &st) == 0, "stat hard again");
  printf("nlink after unlink: %llu\n", (unsigned long long)st.st_nlink);
  f = fopen("/sandbox/l/hard", "r");
  check(fgets(buf, sizeof buf, f) != NULL, "read hard");
  fclose(f);
  printf("through hard link: %s", buf);
  errno = 0; printf("stat link to unlinked target: %d errno %d\n", stat("/sandbox/l/link", &st), errno);
  errno = 0; printf("link a directory: %d errno %d\n", link("/sandbox/l", "/sandbox/l2"), errno);
  check(unlink("/sandbox/l/dangling") == 0, "unlink symlink");

  /* An open file survives its last name. */
  int fd = open("/sandbox/l/hard", O_RDWR);
  check(fd >= 0, "open hard");
  check(unlink("/sandbox/l/hard") == 0, "unlink open file");
  check(write(fd, "more\n", 5) == 5, "write unlinked");
  check(lseek(fd, 0, SEEK_SET) == 0, "seek unlinked");
  n = read(fd, buf, sizeof buf);
  printf("unlinked but open: %zd bytes: %.*s", n, (int)n, buf);
  close(fd);
  printf("done\n");
  return 0;
}
