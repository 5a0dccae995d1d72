/* Fault injection for spawnsh: an LD_PRELOAD library that makes the n-th call of one family of
 * system calls fail with a chosen errno, for the dynamically linked spawnsh (run_faults.py).
 *
 *   SPAWNSH_FAULT=FAMILY:N[:ERRNO]   fail the N-th call of FAMILY (counted from 1)
 *   SPAWNSH_FAULT_REPORT=PATH        a line "FAMILY N pid" is appended to PATH when it fails
 *
 * Families: spawn (fork vfork clone posix_spawn posix_spawnp), pipe (pipe pipe2), open (open
 * open64 openat openat64), dup (dup, fcntl F_DUPFD and F_DUPFD_CLOEXEC: a new fd, so EMFILE),
 * dup2 (dup2 dup3: onto a chosen fd, which fails with EBUSY when racing an open), read, write,
 * memfd (memfd_create), wait (wait4 waitpid). Default errnos: EAGAIN for spawn, EMFILE for pipe,
 * open, dup and memfd, EBUSY for dup2, EIO for read and write, EINTR for wait.
 *
 * Only the process whose executable is named spawnsh* is affected (programs it runs inherit
 * LD_PRELOAD and stay untouched), and the count is kept in a shared mapping inherited by every
 * subshell, so exactly one call in the shell's whole process tree fails. Opening the path
 * "/spawnsh-fault-off" turns injection off and opens /dev/null instead: the harness's EXIT trap
 * does that before it lists the shell's fds and children, so that its own calls are not hit.
 *
 * The wrappers run in vfork and CLONE_VM children too: they only touch the shared counters
 * (atomics) and call the real function resolved at load time; nothing allocates or locks.
 * vfork itself cannot be wrapped by a C function (the child would return through a frame the
 * parent then reuses), so its wrapper is a few instructions that jump to the real vfork. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum family { SPAWN, PIPE, OPEN, DUP, DUP2, READ, WRITE, MEMFD, WAIT, FAMILIES };
static const char* const family_names[FAMILIES] = {"spawn", "pipe", "open",  "dup",  "dup2",
                                                   "read",  "write", "memfd", "wait"};
static const int default_errno[FAMILIES] = {EAGAIN, EMFILE, EMFILE, EMFILE, EBUSY,
                                            EIO,    EIO,    EMFILE, EINTR};

struct shared_state {
  long calls;   /* calls of the chosen family so far, in the whole process tree */
  int off;      /* set by the sentinel open */
};

static struct shared_state* state;
static int chosen = -1;
static long fail_at;
static int fail_errno;
static const char* report_path;

static pid_t (*real_fork)(void);
/* Hidden: the assembly wrapper below reaches both PC-relative, without the GOT or the PLT. */
__attribute__((visibility("hidden"))) void* real_vfork;
static int (*real_clone)(int (*)(void*), void*, int, void*, ...);
static int (*real_posix_spawn)(pid_t*, const char*, const posix_spawn_file_actions_t*,
                               const posix_spawnattr_t*, char* const[], char* const[]);
static int (*real_posix_spawnp)(pid_t*, const char*, const posix_spawn_file_actions_t*,
                                const posix_spawnattr_t*, char* const[], char* const[]);
static int (*real_pipe)(int[2]);
static int (*real_pipe2)(int[2], int);
static int (*real_open)(const char*, int, ...);
static int (*real_open64)(const char*, int, ...);
static int (*real_openat)(int, const char*, int, ...);
static int (*real_openat64)(int, const char*, int, ...);
static int (*real_dup)(int);
static int (*real_dup2)(int, int);
static int (*real_dup3)(int, int, int);
static int (*real_fcntl)(int, int, ...);
static ssize_t (*real_read)(int, void*, size_t);
static ssize_t (*real_write)(int, const void*, size_t);
static int (*real_memfd_create)(const char*, unsigned);
static pid_t (*real_wait4)(pid_t, int*, int, struct rusage*);
static pid_t (*real_waitpid)(pid_t, int*, int);

static int is_spawnsh(void) {
  char path[4096];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return 0;
  path[n] = '\0';
  const char* base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return strncmp(base, "spawnsh", 7) == 0;
}

__attribute__((constructor)) static void load(void) {
  real_fork = dlsym(RTLD_NEXT, "fork");
  real_vfork = dlsym(RTLD_NEXT, "vfork");
  real_clone = dlsym(RTLD_NEXT, "clone");
  real_posix_spawn = dlsym(RTLD_NEXT, "posix_spawn");
  real_posix_spawnp = dlsym(RTLD_NEXT, "posix_spawnp");
  real_pipe = dlsym(RTLD_NEXT, "pipe");
  real_pipe2 = dlsym(RTLD_NEXT, "pipe2");
  real_open = dlsym(RTLD_NEXT, "open");
  real_open64 = dlsym(RTLD_NEXT, "open64");
  real_openat = dlsym(RTLD_NEXT, "openat");
  real_openat64 = dlsym(RTLD_NEXT, "openat64");
  real_dup = dlsym(RTLD_NEXT, "dup");
  real_dup2 = dlsym(RTLD_NEXT, "dup2");
  real_dup3 = dlsym(RTLD_NEXT, "dup3");
  real_fcntl = dlsym(RTLD_NEXT, "fcntl");
  real_read = dlsym(RTLD_NEXT, "read");
  real_write = dlsym(RTLD_NEXT, "write");
  real_memfd_create = dlsym(RTLD_NEXT, "memfd_create");
  real_wait4 = dlsym(RTLD_NEXT, "wait4");
  real_waitpid = dlsym(RTLD_NEXT, "waitpid");

  const char* spec = getenv("SPAWNSH_FAULT");
  if (spec == NULL || !is_spawnsh()) return;
  report_path = getenv("SPAWNSH_FAULT_REPORT");
  /* Programs the shell runs must not see the fault: they get the shim but no spec. */
  unsetenv("LD_PRELOAD");
  for (int f = 0; f < FAMILIES; ++f) {
    size_t len = strlen(family_names[f]);
    if (strncmp(spec, family_names[f], len) == 0 && spec[len] == ':') {
      char* end;
      fail_at = strtol(spec + len + 1, &end, 10);
      fail_errno = *end == ':' ? atoi(end + 1) : default_errno[f];
      chosen = f;
    }
  }
  state = mmap(NULL, sizeof *state, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (state == MAP_FAILED) {
    state = NULL;
    chosen = -1;
  }
}

static void report(int f) {
  if (report_path == NULL) return;
  int fd = real_open(report_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[96];
  size_t n = 0;
  const char* name = family_names[f];
  while (*name) line[n++] = *name++;
  line[n++] = ' ';
  char digits[24];
  int d = 0;
  long v = fail_at;
  do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v > 0);
  while (d > 0) line[n++] = digits[--d];
  line[n++] = ' ';
  v = getpid();
  do { digits[d++] = (char)('0' + v % 10); v /= 10; } while (v > 0);
  while (d > 0) line[n++] = digits[--d];
  line[n++] = '\n';
  real_write(fd, line, n);
  close(fd);
}

/* True when this call is the one to fail; errno is then set. */
static int fail_now(int f) {
  if (f != chosen || state == NULL || __atomic_load_n(&state->off, __ATOMIC_SEQ_CST)) return 0;
  if (__atomic_add_fetch(&state->calls, 1, __ATOMIC_SEQ_CST) != fail_at) return 0;
  report(f);
  errno = fail_errno;
  return 1;
}

__attribute__((visibility("hidden"))) int spawnsh_fault_vfork_fails(void) {
  return fail_now(SPAWN);
}

/* vfork: ask, then jump (not call) to the real vfork so that no frame of ours is shared. */
__asm__(".text\n"
        ".globl vfork\n"
        ".type vfork,@function\n"
        "vfork:\n"
        "  sub $8, %rsp\n"
        "  call spawnsh_fault_vfork_fails\n"
        "  add $8, %rsp\n"
        "  test %eax, %eax\n"
        "  jnz 1f\n"
        "  jmp *real_vfork(%rip)\n"
        "1:\n"
        "  mov $-1, %eax\n"
        "  ret\n"
        ".size vfork, .-vfork\n");

pid_t fork(void) {
  if (fail_now(SPAWN)) return -1;
  return real_fork();
}

int clone(int (*fn)(void*), void* stack, int flags, void* arg, ...) {
  va_list ap;
  va_start(ap, arg);
  pid_t* parent_tid = va_arg(ap, pid_t*);
  void* tls = va_arg(ap, void*);
  pid_t* child_tid = va_arg(ap, pid_t*);
  va_end(ap);
  if (fail_now(SPAWN)) return -1;
  return real_clone(fn, stack, flags, arg, parent_tid, tls, child_tid);
}

int posix_spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                const posix_spawnattr_t* attr, char* const argv[], char* const envp[]) {
  if (fail_now(SPAWN)) return errno;
  return real_posix_spawn(pid, path, actions, attr, argv, envp);
}

int posix_spawnp(pid_t* pid, const char* file, const posix_spawn_file_actions_t* actions,
                 const posix_spawnattr_t* attr, char* const argv[], char* const envp[]) {
  if (fail_now(SPAWN)) return errno;
  return real_posix_spawnp(pid, file, actions, attr, argv, envp);
}

int pipe(int fds[2]) { return fail_now(PIPE) ? -1 : real_pipe(fds); }
int pipe2(int fds[2], int flags) { return fail_now(PIPE) ? -1 : real_pipe2(fds, flags); }

static int sentinel(const char* path) {
  if (strcmp(path, "/spawnsh-fault-off") != 0) return 0;
  if (state != NULL) __atomic_store_n(&state->off, 1, __ATOMIC_SEQ_CST);
  return 1;
}

#define OPEN_MODE(flags, mode)                                   \
  mode_t mode = 0;                                               \
  if ((flags) & (O_CREAT | __O_TMPFILE)) {                       \
    va_list ap;                                                  \
    va_start(ap, flags);                                         \
    mode = va_arg(ap, mode_t);                                   \
    va_end(ap);                                                  \
  }

int open(const char* path, int flags, ...) {
  OPEN_MODE(flags, mode)
  if (sentinel(path)) return real_open("/dev/null", flags & ~O_CREAT, 0);
  if (fail_now(OPEN)) return -1;
  return real_open(path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  OPEN_MODE(flags, mode)
  if (sentinel(path)) return real_open64("/dev/null", flags & ~O_CREAT, 0);
  if (fail_now(OPEN)) return -1;
  return real_open64(path, flags, mode);
}

int openat(int dir, const char* path, int flags, ...) {
  OPEN_MODE(flags, mode)
  if (sentinel(path)) return real_openat(dir, "/dev/null", flags & ~O_CREAT, 0);
  if (fail_now(OPEN)) return -1;
  return real_openat(dir, path, flags, mode);
}

int openat64(int dir, const char* path, int flags, ...) {
  OPEN_MODE(flags, mode)
  if (sentinel(path)) return real_openat64(dir, "/dev/null", flags & ~O_CREAT, 0);
  if (fail_now(OPEN)) return -1;
  return real_openat64(dir, path, flags, mode);
}

int dup(int fd) { return fail_now(DUP) ? -1 : real_dup(fd); }
int dup2(int fd, int to) { return fail_now(DUP2) ? -1 : real_dup2(fd, to); }
int dup3(int fd, int to, int flags) { return fail_now(DUP2) ? -1 : real_dup3(fd, to, flags); }

int fcntl(int fd, int cmd, ...) {
  va_list ap;
  va_start(ap, cmd);
  long arg = va_arg(ap, long); /* every fcntl argument fits a long; unused ones are ignored */
  va_end(ap);
  if ((cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) && fail_now(DUP)) return -1;
  return real_fcntl(fd, cmd, arg);
}
int fcntl64(int fd, int cmd, ...) __attribute__((alias("fcntl")));

ssize_t read(int fd, void* buf, size_t n) { return fail_now(READ) ? -1 : real_read(fd, buf, n); }
ssize_t write(int fd, const void* buf, size_t n) {
  return fail_now(WRITE) ? -1 : real_write(fd, buf, n);
}

int memfd_create(const char* name, unsigned flags) {
  return fail_now(MEMFD) ? -1 : real_memfd_create(name, flags);
}

pid_t wait4(pid_t pid, int* status, int options, struct rusage* usage) {
  return fail_now(WAIT) ? -1 : real_wait4(pid, status, options, usage);
}
pid_t waitpid(pid_t pid, int* status, int options) {
  return fail_now(WAIT) ? -1 : real_waitpid(pid, status, options);
}
