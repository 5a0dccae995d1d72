#include "shell/traps.h"

#include <utility>

#include "shell/errors.h"
#include "shell/exec/location.h"
#include "shell/run.h"
#include "shell/shell.h"

namespace spawnsh {
namespace {

volatile sig_atomic_t g_caught[NSIG];
volatile sig_atomic_t g_any_caught = 0;
volatile sig_atomic_t g_last_caught = 0;

void on_signal(int sig) {
  g_caught[sig] = 1;
  g_last_caught = sig;
  g_any_caught = 1;
}

// Marks a trap action as running, for `exit` and `return` without an operand; actions nest (a
// signal trap can run inside the EXIT trap's commands), so the outer values come back afterwards.
class ActionScope {
 public:
  ActionScope(std::optional<int>& status_slot, int& depth_slot, int status, int function_depth)
      : status_slot_(status_slot),
        depth_slot_(depth_slot),
        saved_status_(std::exchange(status_slot, status)),
        saved_depth_(std::exchange(depth_slot, function_depth)) {}
  ~ActionScope() {
    status_slot_ = saved_status_;
    depth_slot_ = saved_depth_;
  }
  ActionScope(const ActionScope&) = delete;
  ActionScope& operator=(const ActionScope&) = delete;

 private:
  std::optional<int>& status_slot_;
  int& depth_slot_;
  std::optional<int> saved_status_;
  int saved_depth_;
};

}  // namespace

bool Traps::pending() noexcept { return g_any_caught != 0; }
int Traps::last_caught() noexcept { return g_last_caught; }

bool Traps::set(Shell& shell, int number, std::optional<std::string> action) {
  if (inherited_) {
    // The first trap command in a subshell replaces the parent's listing with real traps.
    for (auto& a : actions_) {
      if (a && !a->empty()) a.reset();
    }
    inherited_ = false;
  }
  if (number != kExit) {
    if (!shell.interactive && shell.signals.ignored_on_entry(number)) return false;
    if (number == SIGKILL || number == SIGSTOP) return false;
    if (!action) {
      shell.signals.set(number, SIG_DFL);
    } else if (action->empty()) {
      shell.signals.set(number, SIG_IGN, true);  // commands run from here ignore it too
    } else {
      shell.signals.set(number, on_signal);
    }
  }
  actions_[number] = std::move(action);
  return true;
}

void Traps::run_pending(Shell& shell) {
  if (g_any_caught == 0) return;
  g_any_caught = 0;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (g_caught[sig] == 0) continue;
    g_caught[sig] = 0;
    if (!actions_[sig] || actions_[sig]->empty()) continue;
    int saved_status = shell.last_status;
    std::string text = *actions_[sig];  // the action may change its own trap
    ActionScope scope(status_before_action_, action_function_depth_, saved_status,
                      shell.function_depth);
    int action_status = run_nested(shell, exec::kTrapSourceName, std::move(text));
    // `return` in the action also leaves the function (or `.` file) it interrupted, with the
    // return's status; otherwise $? is as it was before the action.
    if (shell.flow == Flow::Return) {
      shell.last_status = action_status;
    } else if (!shell.exit_requested) {
      shell.last_status = saved_status;
    }
  }
}

void Traps::run_exit(Shell& shell) {
  if (running_exit_ || inherited_ || !actions_[kExit] || actions_[kExit]->empty()) return;
  running_exit_ = true;
  std::string text = *actions_[kExit];
  actions_[kExit].reset();
  int status = shell.exit_requested ? shell.exit_status : shell.last_status;
  shell.exit_requested = false;
  shell.flow = Flow::Normal;
  shell.last_status = status;
  ActionScope scope(status_before_action_, action_function_depth_, status, shell.function_depth);
  try {
    run_nested(shell, exec::kTrapSourceName, std::move(text));
  } catch (const CommandError& error) {
    // An error that would end a non-interactive shell (XCU 2.8.1) ends it with its own status,
    // as dash does, instead of the status the shell was leaving with.
    if (error.exits_shell) {
      shell.exit_requested = true;
      shell.exit_status = error.status;
    }
  }
  // `exit` inside the EXIT trap sets the status; otherwise the shell's stands.
  if (!shell.exit_requested) {
    shell.exit_requested = true;
    shell.exit_status = status;
  }
}

void Traps::reset_for_subshell(Shell& shell) {
  for (int sig = 1; sig < NSIG; ++sig) {
    if (actions_[sig] && !actions_[sig]->empty()) shell.signals.set(sig, SIG_DFL);
    g_caught[sig] = 0;
  }
  g_any_caught = 0;
  inherited_ = true;
  // The parent may be running its EXIT trap; this subshell's own EXIT trap must still run.
  running_exit_ = false;
}

}  // namespace spawnsh
