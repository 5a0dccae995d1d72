#include "shell/traps.h"

#include <utility>

#include "shell/errors.h"
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

// Marks a trap action as running, for `exit` without an operand; actions nest (a signal trap
// can run inside the EXIT trap's commands), so the outer value comes back afterwards.
class ActionScope {
 public:
  ActionScope(std::optional<int>& slot, int status)
      : slot_(slot), saved_(std::exchange(slot, status)) {}
  ~ActionScope() { slot_ = saved_; }
  ActionScope(const ActionScope&) = delete;
  ActionScope& operator=(const ActionScope&) = delete;

 private:
  std::optional<int>& slot_;
  std::optional<int> saved_;
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
    ActionScope scope(status_before_action_, saved_status);
    run_nested(shell, "trap", std::move(text));
    if (!shell.exit_requested) shell.last_status = saved_status;
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
  ActionScope scope(status_before_action_, status);
  try {
    run_nested(shell, "trap", std::move(text));
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
