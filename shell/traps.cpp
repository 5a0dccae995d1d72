#include "shell/traps.h"

#include <utility>

#include "shell/init.h"
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

}  // namespace

bool Traps::pending() noexcept { return g_any_caught != 0; }
int Traps::last_caught() noexcept { return g_last_caught; }

bool Traps::take_pending() noexcept {
  if (g_any_caught == 0) return false;
  g_any_caught = 0;
  return true;
}

bool Traps::take_caught(int number) noexcept {
  if (g_caught[number] == 0) return false;
  g_caught[number] = 0;
  return true;
}

Traps::ActionScope::ActionScope(Traps& traps, int status_before, int function_depth)
    : traps_(traps),
      saved_status_(std::exchange(traps.status_before_action_, status_before)),
      saved_depth_(std::exchange(traps.action_function_depth_, function_depth)) {}

Traps::ActionScope::~ActionScope() {
  traps_.status_before_action_ = saved_status_;
  traps_.action_function_depth_ = saved_depth_;
}

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
      if (!restore_interactive_disposition(shell, number)) shell.signals.set(number, SIG_DFL);
    } else if (action->empty()) {
      shell.signals.set(number, SIG_IGN, true);  // commands run from here ignore it too
    } else {
      shell.signals.set(number, on_signal);
    }
  }
  actions_[number] = std::move(action);
  return true;
}

std::optional<std::string> Traps::take_exit_action() {
  if (running_exit_ || inherited_ || !actions_[kExit] || actions_[kExit]->empty()) {
    return std::nullopt;
  }
  running_exit_ = true;
  std::optional<std::string> text = std::move(actions_[kExit]);
  actions_[kExit].reset();
  return text;
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
