#include "shell/signals.h"

namespace spawnsh {

SignalState::SignalState() noexcept {
  sigemptyset(&changed_);
  sigprocmask(SIG_SETMASK, nullptr, &initial_mask_);
}

void SignalState::set(int sig, void (*handler)(int)) noexcept {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, nullptr);
  if (handler == SIG_DFL) {
    sigdelset(&changed_, sig);
  } else {
    sigaddset(&changed_, sig);
  }
}

}  // namespace spawnsh
