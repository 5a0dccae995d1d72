#include "shell/exec/fd_changes.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include "shell/exec/shell_fds.h"

namespace spawnsh {

bool ShellFdChanges::save(int fd) {
  for (const auto& [saved_fd, copy] : saved_) {
    if (saved_fd == fd) return true;
  }
  // Under a low fd limit an earlier copy may sit in 0-9 (shell_fds.h): move it out of the way
  // of the fd this action takes.
  for (auto& [saved_fd, copy] : saved_) {
    if (copy == fd) {
      int moved = dup_to_shell_range(copy);
      ::close(copy);
      copy = moved;
    }
  }
  int copy = dup_to_shell_range(fd);
  // No fd left to keep a copy in: the action must not go ahead, or the shell's own fd would be
  // lost when it is undone (errno says why).
  if (copy < 0 && errno != EBADF) return false;
  saved_.emplace_back(fd, copy);  // -1: fd was not open, close it again on restore
  return true;
}

bool ShellFdChanges::apply(const spawn::FdAction& action, bool reopen) {
  using Kind = spawn::FdAction::Kind;
  switch (action.kind) {
    case Kind::Open: {
      // Saved before the open: when action.fd is the lowest free descriptor, open() returns
      // it, and saving afterwards would keep the new file open for good.
      if (!save(action.fd)) return false;
      int flags = action.flags | O_CLOEXEC;
      if (reopen) flags &= ~(O_CREAT | O_EXCL | O_TRUNC);
      int got = ::open(action.path, flags, action.mode);
      if (got < 0) return false;
      if (got != action.fd) {
        // The copy is not close-on-exec: children inherit it.
        bool moved = ::dup2(got, action.fd) >= 0;
        int error = errno;
        ::close(got);
        errno = error;
        if (!moved) return false;
      } else {
        ::fcntl(got, F_SETFD, 0);
      }
      return true;
    }
    case Kind::Dup2:
      if (::fcntl(action.src, F_GETFD) < 0) {
        errno = EBADF;
        return false;
      }
      if (!save(action.fd)) return false;
      return action.src == action.fd || ::dup2(action.src, action.fd) >= 0;
    case Kind::Close:
      if (!save(action.fd)) return false;
      ::close(action.fd);
      return true;
  }
  return false;
}

long ShellFdChanges::apply_all(std::span<const spawn::FdAction> actions, bool reopen) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (!apply(actions[i], reopen)) return static_cast<long>(i);
  }
  return -1;
}

void ShellFdChanges::restore_saved() {
  for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
    auto [fd, copy] = *it;
    if (copy >= 0) {
      // Nothing can report a failure here, and a lost restore would send the rest of the
      // script's output to the redirection's file: retry what is transient (EINTR, and EBUSY
      // from racing an open()).
      int tries = 0;
      while (::dup2(copy, fd) < 0 && (errno == EINTR || errno == EBUSY) && ++tries < 100) {
      }
      ::close(copy);
    } else {
      ::close(fd);
    }
  }
  saved_.clear();
}

void ShellFdChanges::keep() {
  for (auto [fd, copy] : saved_) {
    if (copy >= 0) ::close(copy);
  }
  saved_.clear();
}

}  // namespace spawnsh
