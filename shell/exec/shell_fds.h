// The shell's own file descriptors (pipe ends it holds while starting a pipeline, here-document
// files, saved copies of redirected fds, /dev/null for background jobs) live at 10 and above.
// Fds 0-9 belong to the script (XCU 2.7): `cmd <&3` with 3 closed must fail with EBADF, not
// read a pipe the shell happened to get at 3.
#pragma once

#include <fcntl.h>
#include <unistd.h>

namespace spawnsh {

inline constexpr int kShellFdBase = 10;

// Moves `fd` to the lowest free number >= kShellFdBase, close-on-exec, and returns it. An fd
// already there is left alone; a negative one is passed through; if the move fails (EMFILE),
// the fd is closed and -1 returned with errno set.
inline int move_to_shell_range(int fd) {
  if (fd < 0 || fd >= kShellFdBase) return fd;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, kShellFdBase);
  int saved_errno = errno;
  ::close(fd);
  errno = saved_errno;
  return moved;
}

}  // namespace spawnsh
