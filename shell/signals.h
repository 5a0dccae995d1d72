// Signal dispositions the shell changes, so children can be given the defaults back.
#pragma once

#include <csignal>

namespace spawnsh {

class SignalState {
 public:
  SignalState() noexcept;

  // Sets a disposition (SIG_IGN, SIG_DFL or a handler) and remembers that the shell changed it.
  void set(int sig, void (*handler)(int)) noexcept;

  // The signals a child must reset to SIG_DFL before exec: those the shell changed. Signals
  // ignored when the shell started are not here, so they stay ignored in children (POSIX 2.11).
  const sigset_t& changed() const noexcept { return changed_; }
  // The mask a child execs with: the mask the shell had when it started.
  const sigset_t& child_mask() const noexcept { return initial_mask_; }

 private:
  sigset_t changed_;
  sigset_t initial_mask_;
};

}  // namespace spawnsh
