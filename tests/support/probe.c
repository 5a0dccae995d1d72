/* A tiny program the spawn tests run as a child: it reports what it was given. */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void print_counted(const char *s) { printf("%zu:%s\n", strlen(s), s); }

int main(int argc, char **argv) {
  if (argc < 2) return 100;
  const char *what = argv[1];
  if (strcmp(what, "exit") == 0 && argc > 2) return atoi(argv[2]);
  if (strcmp(what, "kill") == 0 && argc > 2) {
    signal(atoi(argv[2]), SIG_DFL);
    raise(atoi(argv[2]));
    return 101;
  }
  if (strcmp(what, "args") == 0) {
    for (int i = 0; i < argc; ++i) print_counted(argv[i]);
    return 0;
  }
  if (strcmp(what, "env") == 0) {
    for (char **e = environ; *e; ++e) print_counted(*e);
    return 0;
  }
  if (strcmp(what, "fds") == 0) { /* the open fds, except the one reading the directory */
    DIR *d = opendir("/proc/self/fd");
    if (!d) return 102;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
      if (entry->d_name[0] == '.' || atoi(entry->d_name) == dirfd(d)) continue;
      printf("%s\n", entry->d_name);
    }
    closedir(d);
    return 0;
  }
  if (strcmp(what, "group") == 0) {
    printf("%d %d\n", (int)getpid(), (int)getpgrp());
    return 0;
  }
  if (strcmp(what, "sigmask") == 0) { /* is argv[2] blocked? its disposition default? */
    int sig = atoi(argv[2]);
    sigset_t mask;
    struct sigaction sa;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    sigaction(sig, NULL, &sa);
    printf("blocked=%d ignored=%d\n", sigismember(&mask, sig), sa.sa_handler == SIG_IGN);
    return 0;
  }
  if (strcmp(what, "cat") == 0) { /* copy fd 0 to fd 1 */
    char buf[4096];
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) fwrite(buf, 1, (size_t)n, stdout);
    return 0;
  }
  return 103;
}
