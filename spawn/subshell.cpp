#include "spawn/subshell.h"

#include <cerrno>
#include <unistd.h>

#include "spawn/child_setup.h"

namespace spawnsh::spawn {

ShellFork fork_shell() noexcept {
  detail::BlockAllSignals blocked;
  pid_t pid = ::fork();
  return {pid, pid < 0 ? errno : 0};
}

void exit_shell_child(int status) noexcept { ::_exit(status & 0xff); }

}  // namespace spawnsh::spawn
