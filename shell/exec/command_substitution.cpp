// Command substitution (XCU 2.6.3): the program runs in a forked subshell with its stdout on a
// pipe; the parent reads everything (any size: it reads while the child writes), then reaps.
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#include "shell/errors.h"
#include "shell/exec/evaluator.h"
#include "shell/expand/expand.h"
#include "shell/shell.h"
#include "shell/timing/job_timing.h"
#include "spawn/subshell.h"
#include "spawn/wait.h"

namespace spawnsh::expand {

std::string command_substitution(Shell& shell, const syntax::Program& program) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) {
    shell.error(std::string("cannot make a pipe: ") + std::strerror(errno));
    throw CommandError{2, true};
  }
  const spawn::Clock::time_point started = spawn::Clock::now();
  spawn::ShellFork child = spawn::fork_shell();
  if (child.pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    shell.error(std::string("cannot fork: ") + std::strerror(child.error));
    throw CommandError{2, true};
  }
  if (child.pid == 0) {
    exec::become_subshell(shell);
    ::close(fds[0]);
    ::dup2(fds[1], 1);
    ::close(fds[1]);
    int status;
    try {
      status = exec::execute(shell, program);
    } catch (const CommandError& error) {
      status = error.status;
    }
    exec::exit_child(shell, shell.exit_requested ? shell.exit_status : status);
  }
  ::close(fds[1]);
  std::string output;
  // On the heap: substitutions nest (each level is a child running this function again), and a
  // big stack buffer per level would overflow the stack at a depth dash handles.
  std::vector<char> chunk(65536);
  char* buffer = chunk.data();
  for (;;) {
    ssize_t n = ::read(fds[0], buffer, chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (buffer[i] != '\0') output.push_back(buffer[i]);  // NUL bytes dropped, as dash does
    }
  }
  ::close(fds[0]);
  spawn::Reaped reaped;
  if (spawn::reap(child.pid, 0, reaped)) {
    shell.children_usage += reaped.usage;
    timing::note_reaped(shell, child.pid, started, reaped);
    // Not $? yet: $? stays the last pipeline's status for the rest of this command's expansions
    // (XCU 2.5.2); a command of assignments alone takes it as its own status.
    shell.substitution_status = reaped.status.shell_status();
  }
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

}  // namespace spawnsh::expand
