// The second kind of child: one that runs shell code (a subshell, a command substitution, a
// builtin or function in a pipeline, a background compound command). It needs a copy of the
// whole shell, which only fork() gives natively; the emulated backend will provide the same
// through a fresh spawnsh process and a snapshot of the shell state.
#pragma once

#include <sys/types.h>

namespace spawnsh::spawn {

struct ShellFork {
  pid_t pid = -1;  // 0 in the child, the child's pid in the parent, -1 on failure
  int error = 0;   // errno when pid == -1
};

// fork() with every signal blocked around it, so no handler runs half-way and a SIGCHLD does
// not make the kernel redo the copy; both sides return with the caller's mask restored.
ShellFork fork_shell() noexcept;

// Leaves a child that ran shell code, without running the parent's atexit handlers or flushing
// stdio buffers it inherited.
[[noreturn]] void exit_shell_child(int status) noexcept;

}  // namespace spawnsh::spawn
