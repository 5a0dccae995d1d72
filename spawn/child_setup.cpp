// See child_setup.h: everything below exec_child() is async-signal-safe by construction.
#include "spawn/child_setup.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace spawnsh::spawn::detail {
namespace {

[[noreturn]] void fail(const ChildReport& report, SpawnError::Stage stage, int err,
                       int action = -1) noexcept {
  SpawnError e;
  e.stage = stage;
  e.error = err;
  e.action = action;
  if (report.shared != nullptr) {
    report.shared->stage = e.stage;
    report.shared->error = e.error;
    report.shared->action = e.action;
  } else if (report.pipe_fd >= 0) {
    // A short write cannot happen for a few bytes into an empty pipe; nothing else to do here.
    [[maybe_unused]] ssize_t n = ::write(report.pipe_fd, &e, sizeof e);
  } else if (report.message != nullptr) {
    // "MESSAGE: why\n" in one write; strerrordesc_np only looks up a constant table.
    char line[256];
    std::size_t length = 0;
    auto add = [&](const char* text) {
      for (; *text != '\0' && length < sizeof line - 1; ++text) line[length++] = *text;
    };
    const char* why = ::strerrordesc_np(err);
    add(report.message);
    add(": ");
    add(why != nullptr ? why : "unknown error");
    line[length++] = '\n';
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line, length);
  }
  ::_exit(failure_exit_status(e));
}

bool apply(const FdAction& a) noexcept {
  switch (a.kind) {
    case FdAction::Kind::Open: {
      int got = ::open(a.path, a.flags, a.mode);
      if (got < 0) return false;
      if (got != a.fd) {
        if (::dup2(got, a.fd) < 0) return false;
        ::close(got);
      }
      return true;
    }
    case FdAction::Kind::Dup2:
      if (a.src == a.fd) return ::fcntl(a.fd, F_SETFD, 0) == 0;
      return ::dup2(a.src, a.fd) >= 0;
    case FdAction::Kind::Close:
      if (::close(a.fd) < 0 && errno != EBADF) return false;
      return true;
  }
  return false;
}

}  // namespace

int failure_exit_status(const SpawnError& error) noexcept {
  switch (error.stage) {
    case SpawnError::Stage::Exec: return error.error == ENOENT ? 127 : 126;
    case SpawnError::Stage::FdAction: return 2;  // as dash: a failed redirection is status 2
    default: return 126;
  }
}

void exec_child(const ExecPlan& plan, ChildReport report) noexcept {
  // All signals are still blocked (the parent blocked them before creating us). Reset the
  // dispositions the shell changed while nothing can be delivered.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sigismember(&plan.reset_signals, sig) == 1) ::sigaction(sig, &dfl, nullptr);
  }

  set_up_child(plan.group, plan.terminal_fd, plan.fd_actions, report);
  ::sigprocmask(SIG_SETMASK, &plan.signal_mask, nullptr);
  ::execve(plan.path, plan.argv, plan.envp);
  fail(report, SpawnError::Stage::Exec, errno);
}

void set_up_child(const ProcessGroup& group, int terminal_fd, std::span<const FdAction> actions,
                  const ChildReport& report) noexcept {
  switch (group.policy) {
    case ProcessGroup::Policy::Inherit: break;
    case ProcessGroup::Policy::NewGroup:
      if (::setpgid(0, 0) < 0) fail(report, SpawnError::Stage::Group, errno);
      break;
    case ProcessGroup::Policy::Join:
      if (::setpgid(0, group.pgid) < 0) fail(report, SpawnError::Stage::Group, errno);
      break;
  }
  // SIGTTOU is blocked, so a child of a background group may take the terminal.
  if (terminal_fd >= 0 && ::tcsetpgrp(terminal_fd, ::getpgrp()) < 0) {
    fail(report, SpawnError::Stage::Terminal, errno);
  }
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (!apply(actions[i])) fail(report, SpawnError::Stage::FdAction, errno, static_cast<int>(i));
  }
}

BlockAllSignals::BlockAllSignals(bool active) noexcept : active_(active) {
  sigemptyset(&saved_);
  if (!active_) return;
  sigset_t all;
  sigfillset(&all);
  ::sigprocmask(SIG_SETMASK, &all, &saved_);
}

BlockAllSignals::~BlockAllSignals() {
  if (active_) ::sigprocmask(SIG_SETMASK, &saved_, nullptr);
}

bool must_block_signals(const ExecPlan& plan) noexcept {
  return plan.terminal_fd >= 0 || sigisemptyset(&plan.reset_signals) == 0;
}

}  // namespace spawnsh::spawn::detail
