#include "shell/signals.h"

namespace spawnsh {

SignalState::SignalState() noexcept {
  sigemptyset(&changed_);
  sigemptyset(&touched_);
  sigemptyset(&entry_ignored_);
  sigemptyset(&asked_);
  sigemptyset(&known_);
  sigemptyset(&caught_);
  sigemptyset(&ignored_);
  sigprocmask(SIG_SETMASK, nullptr, &initial_mask_);
  // Started with SIGCHLD ignored (by a daemon, or a program that ignores it for itself): the
  // shell could not wait for its children. One system call, paid at every start.
  struct sigaction sa;
  if (::sigaction(SIGCHLD, nullptr, &sa) == 0 && sa.sa_handler == SIG_IGN) {
    sigaddset(&entry_ignored_, SIGCHLD);
    sigaddset(&touched_, SIGCHLD);
    struct sigaction by_default {};
    by_default.sa_handler = SIG_DFL;
    sigemptyset(&by_default.sa_mask);
    ::sigaction(SIGCHLD, &by_default, nullptr);
  }
}

bool SignalState::ignored_on_entry(int sig) const noexcept {
  if (sigismember(&entry_ignored_, sig) == 1) return true;
  if (sigismember(&touched_, sig) == 1 || sigismember(&asked_, sig) == 1) return false;
  struct sigaction sa;
  if (::sigaction(sig, nullptr, &sa) != 0) return false;
  sigaddset(&asked_, sig);
  if (sa.sa_handler != SIG_IGN) return false;
  sigaddset(&entry_ignored_, sig);
  return true;
}

SignalState::Disposition SignalState::current(int sig) const noexcept {
  if (sigismember(&known_, sig) != 1) {
    struct sigaction sa;
    if (::sigaction(sig, nullptr, &sa) != 0) return Disposition::Default;
    record_current(sig, sa.sa_handler);
  }
  if (sigismember(&caught_, sig) == 1) return Disposition::Caught;
  return sigismember(&ignored_, sig) == 1 ? Disposition::Ignored : Disposition::Default;
}

void SignalState::record_current(int sig, void (*handler)(int)) const noexcept {
  sigaddset(&known_, sig);
  sigdelset(&caught_, sig);
  sigdelset(&ignored_, sig);
  if (handler == SIG_IGN) {
    sigaddset(&ignored_, sig);
  } else if (handler != SIG_DFL) {
    sigaddset(&caught_, sig);
  }
}

void SignalState::remember_entry(int sig) noexcept {
  // Once the shell sets a disposition, the current one no longer tells what it was on entry:
  // remember the answer first.
  if (sigismember(&touched_, sig) != 1) {
    if (ignored_on_entry(sig)) sigaddset(&entry_ignored_, sig);
    sigaddset(&touched_, sig);
  }
}

void SignalState::set(int sig, void (*handler)(int), bool children_inherit) noexcept {
  remember_entry(sig);
  if (handler == SIG_IGN && must_stay_default(sig)) handler = SIG_DFL;
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  if (sigaction(sig, &sa, nullptr) == 0) {
    record_current(sig, handler);
  } else {
    sigdelset(&known_, sig);
  }
  if (handler == SIG_DFL || children_inherit) {
    sigdelset(&changed_, sig);
  } else {
    sigaddset(&changed_, sig);
  }
}

void SignalState::adopt_entry_ignored(std::span<const int> ignored) noexcept {
  sigfillset(&touched_);
  sigemptyset(&known_);  // this process's own dispositions are asked afresh
  sigemptyset(&entry_ignored_);
  for (int sig : ignored) sigaddset(&entry_ignored_, sig);
}

// Only the disposition and what children get back change here; what trap may do with the
// signal is the shell's own state and stays as it was.
InheritedIgnore::InheritedIgnore(SignalState& state, bool active) noexcept
    : state_(state), active_(active) {
  if (!active_) return;
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  for (int i = 0; i < 2; ++i) {
    // A shell child forked meanwhile must not take the passing SIG_IGN for one it inherited.
    state_.remember_entry(kSignals[i]);
    sigdelset(&state_.known_, kSignals[i]);
    was_changed_[i] = sigismember(&state_.changed_, kSignals[i]) == 1;
    sigaction(kSignals[i], &ignore, &saved_[i]);
    sigdelset(&state_.changed_, kSignals[i]);
  }
}

InheritedIgnore::~InheritedIgnore() {
  if (!active_) return;
  for (int i = 0; i < 2; ++i) {
    sigaction(kSignals[i], &saved_[i], nullptr);
    sigdelset(&state_.known_, kSignals[i]);
    if (was_changed_[i]) sigaddset(&state_.changed_, kSignals[i]);
  }
}

}  // namespace spawnsh
