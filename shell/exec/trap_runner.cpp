#include "shell/exec/trap_runner.h"

#include <csignal>
#include <utility>

#include "shell/errors.h"
#include "shell/exec/commands.h"
#include "shell/exec/location.h"
#include "shell/shell.h"

namespace spawnsh::exec {

void run_pending_traps(Shell& shell) {
  // Inside a subshell run in this process the parent's actions must not run (a forked
  // subshell has them reset): the signal stays pending until the subshell is over.
  if (shell.virtual_subshells > 0) return;
  if (!Traps::take_pending()) return;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (!Traps::take_caught(sig)) continue;
    const std::optional<std::string>& action = shell.traps.action(sig);
    if (!action || action->empty()) continue;
    int saved_status = shell.last_status;
    std::string text = *action;  // the action may change its own trap
    Traps::ActionScope scope(shell.traps, saved_status, shell.function_depth);
    int action_status = run_nested(shell, kTrapSourceName, std::move(text));
    // `return` in the action also leaves the function (or `.` file) it interrupted, with the
    // return's status; otherwise $? is as it was before the action.
    if (shell.flow == Flow::Return) {
      shell.last_status = action_status;
    } else if (!shell.exit_requested) {
      shell.last_status = saved_status;
    }
  }
}

void run_exit_trap(Shell& shell) {
  std::optional<std::string> text = shell.traps.take_exit_action();
  if (!text) return;
  // The action runs as commands do, not unwinding: the exit it was reached by is taken back, and
  // its status is the one the shell leaves with unless the action says otherwise.
  int status = shell.take_exit_request().value_or(shell.last_status);
  shell.flow = Flow::Normal;
  shell.last_status = status;
  Traps::ActionScope scope(shell.traps, status, shell.function_depth);
  try {
    run_nested(shell, kTrapSourceName, std::move(*text));
  } catch (const CommandError& error) {
    // An error that would end a non-interactive shell (XCU 2.8.1) ends it with its own status,
    // as dash does, instead of the status the shell was leaving with.
    if (error.exits_shell) shell.request_exit(error.status);
  }
  // `exit` inside the EXIT trap sets the status; otherwise the shell's stands.
  if (!shell.exit_requested) shell.request_exit(status);
}

}  // namespace spawnsh::exec
