// Fd actions applied to the shell itself, and undone: the one parent-side "apply and undo".
// Redirections around a builtin, function or compound command use it, and so does the report
// of a program that could not be started (its error goes where its redirections say).
#pragma once

#include <span>
#include <utility>
#include <vector>

#include "spawn/spawn.h"

namespace spawnsh {

class ShellFdChanges {
 public:
  ShellFdChanges() = default;
  ShellFdChanges(const ShellFdChanges&) = delete;
  ShellFdChanges& operator=(const ShellFdChanges&) = delete;
  ~ShellFdChanges() { restore(); }

  // Applies one action, saving what it replaces first. False with errno set on failure (a dup
  // of an fd that is not open is EBADF, and changes nothing). `reopen`: a child already made
  // these files before its exec failed, so they are opened again without O_CREAT, O_EXCL or
  // O_TRUNC (noclobber must not refuse them, nor a second truncation lose what was written).
  bool apply(const spawn::FdAction& action, bool reopen = false);
  // Applies in order; returns the index of the action that failed (errno tells why), or -1.
  long apply_all(std::span<const spawn::FdAction> actions, bool reopen = false);

  // Puts back every fd changed, newest first (also done by the destructor). Inline: most
  // commands have no redirection, and then this is one compare.
  void restore() {
    if (!saved_.empty()) restore_saved();
  }
  // Makes the changes permanent (`exec 3>file`): nothing is restored.
  void keep();

 private:
  bool save(int fd);  // false (errno set) when no fd is left to keep the copy in
  void restore_saved();
  std::vector<std::pair<int, int>> saved_;  // fd, its saved copy (-1: it was closed)
};

}  // namespace spawnsh
