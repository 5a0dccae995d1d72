// Command substitution (XCU 2.6.3): the program runs in a child (run_in_child) with its stdout
// on a pipe; the parent reads everything (any size: it reads while the child writes), then the
// waiter reaps it.
#include "shell/exec/command_substitution.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

#include "shell/errors.h"
#include "shell/exec/child.h"
#include "shell/exec/evaluator.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"

namespace spawnsh::exec {

std::string command_substitution(Shell& shell, const syntax::Program& program) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) {
    shell.error(std::string("cannot make a pipe: ") + std::strerror(errno));
    throw CommandError{2, true};
  }
  // The child's stdout becomes the write end; neither end is left open in it otherwise (an end
  // that is already fd 1 only loses close-on-exec).
  spawn::FdAction actions[3];
  std::size_t count = 0;
  if (fds[0] != 1) actions[count++] = spawn::FdAction::close(fds[0]);
  actions[count++] = spawn::FdAction::dup2(fds[1], 1);
  if (fds[1] != 1) actions[count++] = spawn::FdAction::close(fds[1]);
  ChildSetup setup;
  setup.fd_actions = std::span<const spawn::FdAction>(actions, count);
  setup.continuation = Continuation(program);
  Job job;
  job.processes.resize(1);
  bool started = run_in_child(
      shell, setup, [&](Shell& child) { return execute(child, program); }, job.processes[0]);
  ::close(fds[1]);
  if (!started) {
    ::close(fds[0]);
    throw CommandError{2, true};
  }
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
  // Not $? yet: $? stays the last pipeline's status for the rest of this command's expansions
  // (XCU 2.5.2); a command of assignments alone takes it as its own status.
  shell.substitution_status = wait_for_foreground(shell, job);
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

}  // namespace spawnsh::exec
