#include "shell/exec/child.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>

#include "shell/errors.h"
#include "shell/exec/emulated_child.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/exec_tail.h"
#include "shell/interrupt.h"
#include "shell/log.h"
#include "shell/shell.h"
#include "spawn/subshell.h"

namespace spawnsh::exec {
namespace {

struct ChildContext {
  Shell* shell;
  const ChildBody* body;
  bool ignore_interrupts;
  const syntax::SimpleCommand* tail;
};

// The child side, in the copy of the shell that fork made. It never returns.
int run_shell_child(void* context) noexcept {
  const auto& c = *static_cast<ChildContext*>(context);
  finish_shell_child(*c.shell, c.ignore_interrupts, *c.body, c.tail);
}

}  // namespace

int subshell_status(Shell& shell, ChildBody body) {
  int status = 2;
  try {
    status = body(shell);
  } catch (const CommandError& error) {
    status = error.status;
  } catch (const std::exception& error) {
    shell.error(error.what());
    status = 2;
  }
  if (shell.exit_requested) status = shell.exit_status;
  return status & 0xff;
}

void finish_shell_child(Shell& shell, bool ignore_interrupts, ChildBody body,
                        const syntax::SimpleCommand* tail) noexcept {
  int status = 2;
  try {
    status = subshell_status(shell, [&](Shell& child) {
      // A Ctrl-C the interactive shell's handler noted in this copy (the parent's before the
      // fork, or this child's own before the default action came back) was meant for it: it
      // dies of it, as it would have with the default action, and the parent sees why. The
      // note is read after become_subshell has put the default action back: a ^C that lands
      // between the fork and that point is still noted by the inherited handler, and would
      // otherwise end the child's loop with status 130 (not killed by SIGINT), so the
      // interactive parent would go on with the command line.
      become_subshell(child);
      const bool interrupted = clear_interrupt();
      if (!ignore_interrupts && interrupted) ::raise(SIGINT);
      child.exec_tail = tail;
      if (ignore_interrupts) {
        // Ignored, and its commands inherit that; but not ignored on entry: a trap in the list
        // may still catch or reset them (XCU 2.11 fixes only what the shell was started with;
        // bash, mksh and yash allow it, dash does not).
        child.signals.set(SIGINT, SIG_IGN, true);
        child.signals.set(SIGQUIT, SIG_IGN, true);
      }
      return body(child);
    });
  } catch (...) {
    // Reporting an error failed too (no memory): the status says what can be said.
  }
  try {
    exit_child(shell, status);
  } catch (...) {
    spawn::exit_shell_child(status);
  }
}

bool run_in_child(Shell& shell, const ChildSetup& setup, ChildBody body,
                  spawn::ProcessRecord& record) {
  ChildContext context{&shell, &body, setup.ignore_interrupts, exec_tail(setup.continuation)};
  spawn::ShellCodeRequest request;
  request.fd_actions = setup.fd_actions;
  request.group = setup.group;
  request.terminal_fd = setup.terminal_fd;
  request.run = &run_shell_child;
  request.context = &context;
  EmulatedState emulated;
  if (shell.launcher.backend() == spawn::Backend::Emulated || shell.launcher.no_fork()) {
    if (!prepare_emulated_state(shell, setup, emulated, request)) return false;
  }
  record.started = spawn::Clock::now();
  auto launched = shell.launcher.launch(request);
  if (launched.error && launched.used == spawn::Backend::Fork &&
      launched.error.error == EPERM && setup.continuation.kind != Continuation::Kind::None) {
    // Fork is forbidden here (a seccomp filter, a sandbox): this shell goes on without it,
    // as --no-fork would, this child included.
    log::debug("fork: {}; no-fork mode from now on", std::strerror(EPERM));
    shell.launcher.set_no_fork(true);
    if (!prepare_emulated_state(shell, setup, emulated, request)) return false;
    record.started = spawn::Clock::now();
    launched = shell.launcher.launch(request);
  }
  // Only a child started at the hidden entry answers on the image socket.
  finish_emulated_launch(emulated, !launched.error && launched.used == spawn::Backend::Emulated
                                       ? launched.pid
                                       : -1);
  record.pid = launched.pid;
  record.backend = launched.used;
  if (launched.error) {
    int error = launched.error.error;
    std::string what = launched.used == spawn::Backend::Emulated
                           ? "cannot start a spawnsh for the subshell: "
                           : "cannot fork: ";
    shell.error(error != 0 ? what + std::strerror(error)
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

StdoutToPipe stdout_to_pipe(const int (&fds)[2]) noexcept {
  StdoutToPipe result;
  if (fds[0] != 1) result.actions[result.count++] = spawn::FdAction::close(fds[0]);
  result.actions[result.count++] = spawn::FdAction::dup2(fds[1], 1);
  if (fds[1] != 1) result.actions[result.count++] = spawn::FdAction::close(fds[1]);
  return result;
}

}  // namespace spawnsh::exec
