// Running programs: PATH search, the ExecPlan, the spawn, ENOEXEC. Waiting for them is the
// waiter's (shell/jobs/waiter.h).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "spawn/spawn.h"
#include "spawn/timing.h"

namespace spawnsh {

class Shell;
class Redirections;

struct ExternalCommand {
  std::span<const std::string> argv;
  char* const* envp = nullptr;
  // Pipe ends and the like first, then the redirections' actions from `redirection_base` on.
  std::span<const spawn::FdAction> fd_actions;
  std::size_t redirection_base = 0;
  const Redirections* redirections = nullptr;  // to describe a failed redirection
  spawn::ProcessGroup group;
  int terminal_fd = -1;  // >= 0: the child's group takes this terminal (a foreground job)
  // This process is a child whose last command this is (shell/exec/exec_tail.h): exec the
  // program here, in its place. When that fails, it is spawned as any other (which reports
  // the error as usual).
  bool replace_child = false;
};

// Resolves argv[0] (PATH search, hashed) and spawns it. On failure prints the error in the
// shell's format, sets `status` (127 not found, 126 cannot run, 2 spawn or redirection failure)
// and returns false. A file the kernel refuses with ENOEXEC is run by a new spawnsh.
bool start_external(Shell& shell, const ExternalCommand& command, spawn::ProcessRecord& record,
                    int& status);

// `exec argv...`: the shell becomes the program. Returns only on failure, with the status a
// shell reports (127 not found, 126 cannot run), after printing the error.
int replace_shell(Shell& shell, std::span<const std::string> argv);

// Where argv[0] would be run from (PATH search, hashed), or nullptr.
const std::string* find_program(Shell& shell, const std::string& name);

}  // namespace spawnsh
