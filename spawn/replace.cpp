#include "spawn/replace.h"

#include <cerrno>
#include <unistd.h>

namespace spawnsh::spawn {

int replace_process(const ExecPlan& plan) noexcept {
  sigset_t saved_mask;
  ::sigprocmask(SIG_SETMASK, nullptr, &saved_mask);
  struct sigaction saved[NSIG];
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sigismember(&plan.reset_signals, sig) == 1) ::sigaction(sig, &dfl, &saved[sig]);
  }
  ::sigprocmask(SIG_SETMASK, &plan.signal_mask, nullptr);
  ::execve(plan.path, plan.argv, plan.envp);
  int error = errno;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sigismember(&plan.reset_signals, sig) == 1) ::sigaction(sig, &saved[sig], nullptr);
  }
  ::sigprocmask(SIG_SETMASK, &saved_mask, nullptr);
  return error;
}

}  // namespace spawnsh::spawn
