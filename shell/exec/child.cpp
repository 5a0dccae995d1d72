#include "shell/exec/child.h"

#include <cstring>
#include <exception>

#include "shell/errors.h"
#include "shell/exec/evaluator.h"
#include "shell/log.h"
#include "shell/shell.h"
#include "spawn/subshell.h"

namespace spawnsh::exec {
namespace {

struct ChildContext {
  Shell* shell;
  const ChildBody* body;
  bool ignore_interrupts;
};

// The child side, in the copy of the shell that fork made. It never returns: the status leaves
// through exit_child (which runs an EXIT trap the subshell set).
int run_shell_child(void* context) noexcept {
  const auto& c = *static_cast<ChildContext*>(context);
  Shell& shell = *c.shell;
  int status = 2;
  try {
    become_subshell(shell);
    if (c.ignore_interrupts) {
      // Ignored, and its commands inherit that; but not ignored on entry: a trap in the list
      // may still catch or reset them (XCU 2.11 fixes only what the shell was started with;
      // bash, mksh and yash allow it, dash does not).
      shell.signals.set(SIGINT, SIG_IGN, true);
      shell.signals.set(SIGQUIT, SIG_IGN, true);
    }
    status = (*c.body)(shell);
  } catch (const CommandError& error) {
    status = error.status;
  } catch (const std::exception& error) {
    shell.error(error.what());
    status = 2;
  }
  if (shell.exit_requested) status = shell.exit_status;
  try {
    exit_child(shell, status);
  } catch (...) {
    spawn::exit_shell_child(status);
  }
}

}  // namespace

bool run_in_child(Shell& shell, const ChildSetup& setup, ChildBody body,
                  spawn::ProcessRecord& record) {
  ChildContext context{&shell, &body, setup.ignore_interrupts};
  spawn::ShellCodeRequest request;
  request.fd_actions = setup.fd_actions;
  request.group = setup.group;
  request.terminal_fd = setup.terminal_fd;
  request.run = &run_shell_child;
  request.context = &context;
  record.started = spawn::Clock::now();
  auto launched = shell.launcher.launch(request);
  record.pid = launched.pid;
  record.backend = launched.used;
  if (launched.error) {
    int error = launched.error.error;
    shell.error(error != 0 ? std::string("cannot fork: ") + std::strerror(error)
                           : std::string("no backend can run shell code in a child"));
    return false;
  }
  log::trace("shell code via {}: pid {}", spawn::backend_name(launched.used), launched.pid);
  return true;
}

void append_pipe_actions(std::vector<spawn::FdAction>& actions, int in, int out, int other_end) {
  if (in >= 0) actions.push_back(spawn::FdAction::dup2(in, 0));
  if (out >= 0) actions.push_back(spawn::FdAction::dup2(out, 1));
  for (int fd : {in, out, other_end}) {
    if (fd > 1) actions.push_back(spawn::FdAction::close(fd));
  }
}

}  // namespace spawnsh::exec
