// The shell's own file descriptors (pipe ends it holds while starting a pipeline, here-document
// files, saved copies of redirected fds, /dev/null for background jobs) live at 10 and above.
// Fds 0-9 belong to the script (XCU 2.7): `cmd <&3` with 3 closed must fail with EBADF, not
// read a pipe the shell happened to get at 3.
//
// Under `ulimit -n 10` or less there is no fd at 10 or above (F_DUPFD says EINVAL). The shell
// still works then, as bash does: its fds take the highest free numbers under the limit,
// close-on-exec, away from the low numbers (3, 4, ...) scripts use most. Only when no fd at all
// is free does the caller see EMFILE.
#pragma once

#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace spawnsh {

inline constexpr int kShellFdBase = 10;

// A close-on-exec copy of `fd` at the lowest free number >= `lowest`, or, when the fd limit
// leaves none there, at the highest free number below the limit. -1 with errno set on failure
// (EBADF: `fd` is not open; EMFILE: no fd is free).
inline int dup_to_shell_range(int fd, int lowest = kShellFdBase) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, lowest);
  if (copy >= 0 || errno != EINVAL) return copy;
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
  int top = limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > static_cast<rlim_t>(lowest)
                ? lowest
                : static_cast<int>(limit.rlim_cur);
  for (int candidate = top - 1; candidate >= 0; --candidate) {
    if (::fcntl(candidate, F_GETFD) < 0 && errno == EBADF) {
      return ::fcntl(fd, F_DUPFD_CLOEXEC, candidate);
    }
  }
  errno = EMFILE;
  return -1;
}

// Moves `fd` to the shell's range (see dup_to_shell_range), close-on-exec, and returns it. An
// fd already there is left alone; a negative one is passed through. When the fd limit leaves no
// higher free number, `fd` stays where it is, made close-on-exec. If the move fails (EMFILE),
// the fd is closed and -1 returned with errno set.
inline int move_to_shell_range(int fd) {
  if (fd < 0 || fd >= kShellFdBase) return fd;
  int moved = dup_to_shell_range(fd);
  if (moved < 0 || moved < fd) {
    // Nothing free above it: where it is is as good as it gets.
    if (moved >= 0) ::close(moved);
    if (::fcntl(fd, F_SETFD, FD_CLOEXEC) == 0) return fd;
  }
  int saved_errno = errno;
  ::close(fd);
  errno = saved_errno;
  return moved;
}

}  // namespace spawnsh
