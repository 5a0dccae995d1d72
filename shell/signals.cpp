#include "shell/signals.h"

namespace spawnsh {

SignalState::SignalState() noexcept {
  sigemptyset(&changed_);
  sigprocmask(SIG_SETMASK, nullptr, &initial_mask_);
}

void SignalState::set(int sig, void (*handler)(int), bool children_inherit) noexcept {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, nullptr);
  if (handler == SIG_DFL || children_inherit) {
    sigdelset(&changed_, sig);
  } else {
    sigaddset(&changed_, sig);
  }
}

void SignalState::ignore_as_inherited(int sig) noexcept {
  struct sigaction sa {};
  sa.sa_handler = SIG_IGN;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, nullptr);
  sigdelset(&changed_, sig);
}

InheritedIgnore::InheritedIgnore(SignalState& state, bool active) noexcept
    : state_(state), active_(active) {
  if (!active_) return;
  for (int i = 0; i < 2; ++i) {
    was_changed_[i] = sigismember(&state_.changed_, kSignals[i]) == 1;
    sigaction(kSignals[i], nullptr, &saved_[i]);
    state_.ignore_as_inherited(kSignals[i]);
  }
}

InheritedIgnore::~InheritedIgnore() {
  if (!active_) return;
  for (int i = 0; i < 2; ++i) {
    sigaction(kSignals[i], &saved_[i], nullptr);
    if (was_changed_[i]) sigaddset(&state_.changed_, kSignals[i]);
  }
}

}  // namespace spawnsh
