/* plain_loop: the spawn loop of bench/spawn_bench written as small as C allows, with nothing of
 * spawnsh in it. It is the physical limit the spawn library is compared with: whatever the library
 * adds on top of these few system calls is the library's own cost.
 *
 *   plain_loop [fork|vfork|posix_spawn] [--count N] [--rounds R] [--warmup W] [--ballast SIZE]
 *              [--thp] [--program PATH] [--pipe-input TEXT]
 *              [--interleave-with VARIANT [--seed S]]
 *
 * fork:        fork(); the child calls execve(); the same wait4 (what a large parent pays for
 *              having its page tables copied: bench/compare_limit.sh).
 * vfork:       vfork(); the child calls execve(); the parent reaps with wait4(pid, &st, 0, &ru).
 * posix_spawn: posix_spawn() with no file actions or attributes, then the same wait4.
 *
 * --interleave-with VARIANT runs, for each spawn of the main variant, one spawn of VARIANT too, the
 * two in an order drawn afresh each time (from --seed): the schedule of `spawnsh compare`, which
 * interleaves its backends round by round so that drift hits them alike. In a large parent the
 * schedule matters: a fork child's page-table copy and teardown leave caches and TLBs cold for
 * whatever spawn comes next, so a vfork measured between forks costs more than one measured
 * alone. The wall time of VARIANT's spawns is taken too (its median is the line's last field), so
 * one process gives both sides of a ratio, as one `spawnsh compare` does; the totals of the CPU
 * columns count the main variant only.
 *
 * The ballast (SIZE bytes: 0, 512K, 256M, 1G ...) is mapped and every page of it written before
 * the loop, in 4 KiB pages unless --thp is given, so that a fork would have to copy its page
 * tables. Prints one line per round, after the warm-up:
 *
 *   round <r> <spawns> <wall ns> <own cpu ns> <children's cpu ns> <median spawn ns>
 *         [<median spawn ns of the interleaved variant> <median spawn cpu ns>
 *          <median spawn cpu ns of the interleaved variant>]
 *
 * (a spawn's CPU time: this process's during it plus the child's, as `spawnsh compare` counts).
 *
 * where the CPU times are user+system: this process's (getrusage) and its children's (the sum of
 * what wait4 returned), during the round.
 * Exits 1 if any child did not exit 0, 2 on a usage error. (This file is the one place outside
 * spawn/ allowed to call vfork, execve, posix_spawn and wait4: it is the reference.)
 *
 * Built with -DPLAIN_LOOP_AS_TRUE (and -static) the same file is `static_true`: a child that
 * exits 0 at once, so that the cost of the spawn itself is not drowned by the child's start-up.
 * On x86-64 (-DPLAIN_LOOP_NOLIBC, linked -nostdlib) it has no C library at all: its entry point
 * is the exit_group system call. That matters in a virtual machine, where glibc's start-up (its
 * CPU feature and cache detection: dozens of CPUID instructions, each a trap to the hypervisor)
 * costs some 0.4 ms, more than any spawn backend; elsewhere it is `int main(void) { return 0; }`.
 */
#ifdef PLAIN_LOOP_AS_TRUE
#if defined(PLAIN_LOOP_NOLIBC) && defined(__x86_64__)
void _start(void);
void _start(void) {
  __asm__ volatile("mov $231, %eax\n\t" /* SYS_exit_group */
                   "xor %edi, %edi\n\t"
                   "syscall");
  __builtin_unreachable();
}
#else
int main(void) { return 0; }
#endif
#else
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

enum variant { VARIANT_FORK, VARIANT_VFORK, VARIANT_POSIX_SPAWN };

static int parse_size(const char* text, size_t* out) {
  char* end = NULL;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 10);
  if (errno != 0 || end == text) return -1;
  unsigned long long unit = 1;
  switch (*end) {
    case '\0': break;
    case 'k': case 'K': unit = 1ULL << 10; ++end; break;
    case 'm': case 'M': unit = 1ULL << 20; ++end; break;
    case 'g': case 'G': unit = 1ULL << 30; ++end; break;
    default: return -1;
  }
  if (*end == 'i') ++end;            /* accept KiB, MiB, GiB too */
  if (*end == 'b' || *end == 'B') ++end;
  if (*end != '\0') return -1;
  *out = (size_t)(value * unit);
  return 0;
}

static int parse_count(const char* text, long* out) {
  char* end = NULL;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < 0) return -1;
  *out = value;
  return 0;
}

static void* make_ballast(size_t size, int thp) {
  if (size == 0) return NULL;
  char* p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    perror("plain_loop: mmap ballast");
    exit(2);
  }
  /* Without this a THP=always kernel backs the ballast with 2 MiB pages and fork copies 512
   * times fewer entries: the opposite of a long-running shell's fragmented heap. */
  madvise(p, size, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  long page = sysconf(_SC_PAGESIZE);
  for (size_t off = 0; off < size; off += (size_t)page) p[off] = (char)(off / (size_t)page | 1);
  return p;
}

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t cpu_ns(const struct rusage* ru) {
  return ((int64_t)ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1000000000 +
         ((int64_t)ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1000;
}

static int64_t children_cpu;

static int compare_ns(const void* a, const void* b) {
  int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
  return (x > y) - (x < y);
}

/* --pipe-input TEXT: each child reads TEXT from a pipe made and filled just before it (its
 * stdout /dev/null): what a shell's `echo TEXT | PROGRAM >/dev/null` cannot do with less. */
static const char* pipe_input;
static int dev_null_fd = -1;

static void pipe_child_fds(int read_end) {
  if (read_end >= 0) {
    dup2(read_end, 0);
    dup2(dev_null_fd, 1);
  }
}

/* One spawn and its reaping; returns the child's wait status, or -1. */
static int spawn_once(enum variant v, const char* path, char* const argv[]) {
  pid_t pid;
  volatile int read_end = -1;  /* read again after vfork returns */
  if (pipe_input != NULL) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    size_t length = strlen(pipe_input);
    if (write(fds[1], pipe_input, length) != (ssize_t)length) return -1;
    close(fds[1]);
    read_end = fds[0];
  }
  if (v == VARIANT_FORK) {
    pid = fork();
    if (pid == 0) {
      pipe_child_fds(read_end);
      execve(path, argv, environ);
      _exit(127);
    }
  } else if (v == VARIANT_VFORK) {
    pid = vfork();
    if (pid == 0) {
      pipe_child_fds(read_end);
      execve(path, argv, environ);
      _exit(127);
    }
  } else {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (read_end >= 0) {
      posix_spawn_file_actions_adddup2(&actions, read_end, 0);
      posix_spawn_file_actions_adddup2(&actions, dev_null_fd, 1);
    }
    int rc = posix_spawn(&pid, path, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) pid = -1;
  }
  if (read_end >= 0) close(read_end);
  if (pid < 0) return -1;
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) return -1;
  }
  children_cpu += cpu_ns(&ru);
  return status;
}

static int parse_variant(const char* name, enum variant* v) {
  if (strcmp(name, "fork") == 0) {
    *v = VARIANT_FORK;
  } else if (strcmp(name, "vfork") == 0) {
    *v = VARIANT_VFORK;
  } else if (strcmp(name, "posix_spawn") == 0) {
    *v = VARIANT_POSIX_SPAWN;
  } else {
    return -1;
  }
  return 0;
}

/* xorshift64: a reproducible coin for the interleaving order, no libc state. */
static uint64_t coin_state = 1;
static int coin(void) {
  coin_state ^= coin_state << 13;
  coin_state ^= coin_state >> 7;
  coin_state ^= coin_state << 17;
  return (int)(coin_state >> 63);
}

/* What one spawn cost: wall clock, this process's CPU during it, and the child's CPU. */
struct cost {
  int64_t wall, own_cpu, child_cpu;
};

static int timed_spawn(enum variant v, const char* path, char* const argv[], struct cost* c) {
  struct rusage before, after;
  int64_t children_before = children_cpu;
  getrusage(RUSAGE_SELF, &before);
  int64_t start = now_ns();
  int status = spawn_once(v, path, argv);
  c->wall = now_ns() - start;
  getrusage(RUSAGE_SELF, &after);
  c->own_cpu = cpu_ns(&after) - cpu_ns(&before);
  c->child_cpu = children_cpu - children_before;
  return status;
}

/* A spawn of the interleaved variant: timed like the others, its CPU time not counted in the
 * round's columns. */
static int spawn_interleaved(enum variant v, const char* path, char* const argv[],
                             struct cost* c) {
  int64_t counted = children_cpu;
  int status = timed_spawn(v, path, argv, c);
  children_cpu = counted;
  if (status != 0) fprintf(stderr, "plain_loop: %s did not exit 0\n", path);
  return status;
}

static int64_t median_of(int64_t* xs, long n) {
  qsort(xs, (size_t)n, sizeof *xs, compare_ns);
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

static void usage(void) {
  fprintf(stderr,
          "usage: plain_loop [fork|vfork|posix_spawn] [--count N] [--rounds R] [--warmup W]"
          " [--ballast SIZE] [--thp] [--program PATH] [--pipe-input TEXT]"
          " [--interleave-with VARIANT [--seed S]]\n");
  exit(2);
}

int main(int argc, char** argv) {
  enum variant v = VARIANT_VFORK, other = VARIANT_FORK;
  int interleave = 0;
  long seed = 1;
  long count = 2000, rounds = 1, warmup = 200;
  size_t ballast = 0;
  int thp = 0;
  const char* program = "/bin/true";

  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : NULL;
    if (parse_variant(a, &v) == 0) {
      continue;
    } else if (strcmp(a, "--thp") == 0) {
      thp = 1;
    } else if (value == NULL) {
      usage();
    } else if (strcmp(a, "--count") == 0) {
      if (parse_count(value, &count) != 0 || count == 0) usage();
      ++i;
    } else if (strcmp(a, "--rounds") == 0) {
      if (parse_count(value, &rounds) != 0 || rounds == 0) usage();
      ++i;
    } else if (strcmp(a, "--warmup") == 0) {
      if (parse_count(value, &warmup) != 0) usage();
      ++i;
    } else if (strcmp(a, "--ballast") == 0) {
      if (parse_size(value, &ballast) != 0) usage();
      ++i;
    } else if (strcmp(a, "--interleave-with") == 0) {
      if (parse_variant(value, &other) != 0) usage();
      interleave = 1;
      ++i;
    } else if (strcmp(a, "--seed") == 0) {
      if (parse_count(value, &seed) != 0 || seed == 0) usage();
      ++i;
    } else if (strcmp(a, "--program") == 0) {
      program = value;
      ++i;
    } else if (strcmp(a, "--pipe-input") == 0) {
      pipe_input = value;
      ++i;
    } else {
      usage();
    }
  }

  if (pipe_input != NULL && (dev_null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0) {
    perror("plain_loop: /dev/null");
    return 2;
  }
  char* child_argv[] = {(char*)program, NULL};
  void* keep = make_ballast(ballast, thp);
  (void)keep;

  for (long i = 0; i < warmup; ++i) {  /* on the same schedule as the rounds, untimed */
    struct cost ignored;
    if (spawn_once(v, program, child_argv) != 0) {
      fprintf(stderr, "plain_loop: %s did not exit 0\n", program);
      return 1;
    }
    if (interleave && spawn_interleaved(other, program, child_argv, &ignored) != 0) return 1;
  }
  coin_state = (uint64_t)seed;
  /* Each spawn's wall and CPU time (own + child's), for the medians: the main variant's, then
   * the interleaved one's. */
  int64_t* times = malloc((size_t)count * 4 * sizeof *times);
  if (times == NULL) {
    fprintf(stderr, "plain_loop: out of memory\n");
    return 1;
  }
  int64_t* cpus = times + count;
  int64_t* other_times = times + 2 * count;
  int64_t* other_cpus = times + 3 * count;
  for (long r = 1; r <= rounds; ++r) {
    int64_t elapsed = 0, own_cpu = 0;
    children_cpu = 0;
    for (long i = 0; i < count; ++i) {
      int other_first = interleave && coin();
      struct cost main_cost, other_cost = {0, 0, 0};
      if (other_first && spawn_interleaved(other, program, child_argv, &other_cost) != 0) return 1;
      if (timed_spawn(v, program, child_argv, &main_cost) != 0) {
        fprintf(stderr, "plain_loop: %s did not exit 0\n", program);
        return 1;
      }
      if (interleave && !other_first &&
          spawn_interleaved(other, program, child_argv, &other_cost) != 0)
        return 1;
      times[i] = main_cost.wall;
      cpus[i] = main_cost.own_cpu + main_cost.child_cpu;
      other_times[i] = other_cost.wall;
      other_cpus[i] = other_cost.own_cpu + other_cost.child_cpu;
      elapsed += main_cost.wall;
      own_cpu += main_cost.own_cpu;
    }
    printf("round %ld %ld %lld %lld %lld %lld", r, count, (long long)elapsed, (long long)own_cpu,
           (long long)children_cpu, (long long)median_of(times, count));
    if (interleave) {
      printf(" %lld %lld %lld", (long long)median_of(other_times, count),
             (long long)median_of(cpus, count), (long long)median_of(other_cpus, count));
    }
    printf("\n");
    fflush(stdout);
  }
  free(times);
  return 0;
}
#endif /* PLAIN_LOOP_AS_TRUE */
