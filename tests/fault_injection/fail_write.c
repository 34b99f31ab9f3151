// A test-only LD_PRELOAD library that makes one write of an output file fail, as a full disk would.
//
// It intercepts write, pwrite, pwrite64, writev, fsync, fdatasync, close and rename. A call is
// "watched" when its file (the fd resolved through /proc/self/fd; rename's new name) lies under the
// folder CIVICSIM_FAIL_DIR and is not itself a folder. Watched calls are counted from 1 in this
// process; the one numbered CIVICSIM_FAIL_AT returns -1 with errno ENOSPC (a failing close still
// closes the fd, as Linux does). CIVICSIM_FAIL_DELAY_MS makes every watched call sleep first, so a
// test can catch the program in the middle of a write (to send it a signal). Each injected failure
// is reported on stderr. Nothing here is part of civicsim; tests/CMakeLists.txt builds it as a
// MODULE for tests/cli/output_safety_test.cpp.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static atomic_long watched_calls;

static void* real(const char* name) { return dlsym(RTLD_NEXT, name); }

static int under_fault_dir(const char* path) {
  const char* dir = getenv("CIVICSIM_FAIL_DIR");
  if (dir == NULL || dir[0] == '\0' || path == NULL) return 0;
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') --n;
  return strncmp(path, dir, n) == 0 && path[n] == '/';
}

static int fd_watched(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) return 0;
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  if (n < 0) return 0;
  path[n] = '\0';
  return under_fault_dir(path);
}

// The absolute form of a rename target (its folder resolved), for the folder test.
static int path_watched(const char* path) {
  char copy[PATH_MAX], folder[PATH_MAX], full[PATH_MAX];
  snprintf(copy, sizeof copy, "%s", path);
  char* slash = strrchr(copy, '/');
  const char* name = copy;
  const char* dir = ".";
  if (slash != NULL) {
    *slash = '\0';
    dir = slash == copy ? "/" : copy;
    name = slash + 1;
  }
  if (realpath(dir, folder) == NULL) return 0;
  snprintf(full, sizeof full, "%s/%s", folder, name);
  return under_fault_dir(full);
}

// Counts a watched call; 1 if it is the one to fail.
static int fail_now(const char* call, const char* what) {
  const char* delay = getenv("CIVICSIM_FAIL_DELAY_MS");
  if (delay != NULL) {
    const long ms = atol(delay);
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
  }
  const long n = atomic_fetch_add(&watched_calls, 1) + 1;
  const char* at = getenv("CIVICSIM_FAIL_AT");
  if (at == NULL || atol(at) != n) return 0;
  char line[PATH_MAX + 128];
  const int len =
      snprintf(line, sizeof line, "fail_write: failing call %ld (%s on %s)\n", n, call, what);
  ((ssize_t(*)(int, const void*, size_t))real("write"))(2, line, (size_t)len);
  errno = ENOSPC;
  return 1;
}

static int fd_fails(int fd, const char* call) {
  if (!fd_watched(fd)) return 0;
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  path[n < 0 ? 0 : n] = '\0';
  return fail_now(call, path);
}

ssize_t write(int fd, const void* buf, size_t count) {
  if (fd_fails(fd, "write")) return -1;
  return ((ssize_t(*)(int, const void*, size_t))real("write"))(fd, buf, count);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  if (fd_fails(fd, "pwrite")) return -1;
  return ((ssize_t(*)(int, const void*, size_t, off_t))real("pwrite"))(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
  if (fd_fails(fd, "pwrite64")) return -1;
  return ((ssize_t(*)(int, const void*, size_t, off64_t))real("pwrite64"))(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  if (fd_fails(fd, "writev")) return -1;
  return ((ssize_t(*)(int, const struct iovec*, int))real("writev"))(fd, iov, iovcnt);
}

int fsync(int fd) {
  if (fd_fails(fd, "fsync")) return -1;
  return ((int (*)(int))real("fsync"))(fd);
}

int fdatasync(int fd) {
  if (fd_fails(fd, "fdatasync")) return -1;
  return ((int (*)(int))real("fdatasync"))(fd);
}

int close(int fd) {
  const int fail = fd_fails(fd, "close");
  const int status = ((int (*)(int))real("close"))(fd);
  if (fail) {
    errno = ENOSPC;
    return -1;
  }
  return status;
}

int rename(const char* from, const char* to) {
  if (path_watched(to) && fail_now("rename", to)) return -1;
  return ((int (*)(const char*, const char*))real("rename"))(from, to);
}
