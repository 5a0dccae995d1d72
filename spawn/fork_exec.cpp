// fork() + execve(). The child has its own copy of memory, so it reports failure through a
// CLOEXEC pipe: end-of-file on the pipe means execve succeeded.
#include <algorithm>
#include <csignal>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include "spawn/backends.h"
#include "spawn/child_setup.h"
#include "spawn/wait.h"

namespace spawnsh::spawn::detail {
namespace {

// The report pipe must survive the plan's own dup2/close actions: move it above every fd
// the plan names.
int keep_clear_of_plan(int fd, const ExecPlan& plan) noexcept {
  int highest = plan.terminal_fd;
  for (const FdAction& a : plan.fd_actions) highest = std::max({highest, a.fd, a.src});
  if (fd > highest) return fd;
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, highest + 1);
  if (moved < 0) return fd;
  ::close(fd);
  return moved;
}

class ForkSpawner final : public Spawner {
 public:
  Backend backend() const noexcept override { return Backend::Fork; }
  bool supports(const ExecPlan&) const noexcept override { return true; }

  SpawnResult spawn(const ExecPlan& plan) noexcept override {
    int report[2];
    if (::pipe2(report, O_CLOEXEC) < 0) return {-1, {SpawnError::Stage::Create, errno, -1}};
    report[1] = keep_clear_of_plan(report[1], plan);

    pid_t pid;
    int fork_errno;
    {
      BlockAllSignals blocked;
      pid = ::fork();
      if (pid == 0) {
        // The read end is the parent's: left open, the plan's `<&3` could pick it up.
        ::close(report[0]);
        exec_child(plan, ChildReport{nullptr, report[1]});
      }
      fork_errno = errno;
    }
    ::close(report[1]);
    if (pid < 0) {
      ::close(report[0]);
      return {-1, {SpawnError::Stage::Create, fork_errno, -1}};
    }

    SpawnError failure;
    ssize_t n;
    do n = ::read(report[0], &failure, sizeof failure);
    while (n < 0 && errno == EINTR);
    ::close(report[0]);
    if (n != static_cast<ssize_t>(sizeof failure)) return {pid, {}};
    reap_failed_child(pid);
    return {-1, failure};
  }

  // Shell code: the child is a copy of the whole shell. It never execs, so there is no report
  // pipe to wait on: a failed set-up is told on stderr and ends the child with status 2.
  bool supports_shell_code(const ShellCodeRequest& request) const noexcept override {
    return request.payload == ShellCodeRequest::Payload::Callback && request.run != nullptr;
  }

  SpawnResult spawn_shell_code(const ShellCodeRequest& request) noexcept override {
    if (!supports_shell_code(request)) return {-1, {SpawnError::Stage::Unsupported, 0, -1}};
    pid_t pid;
    int fork_errno;
    {
      // No handler of the shell runs half-way through the copy, and a SIGCHLD does not make
      // the kernel redo it; the child sets up with everything still blocked.
      BlockAllSignals blocked;
      pid = ::fork();
      if (pid == 0) {
        ChildReport report;
        report.message = "spawnsh: cannot set up the fds of a subshell";
        set_up_child(request.group, request.terminal_fd, request.fd_actions, report);
        ::sigprocmask(SIG_SETMASK, &blocked.saved_mask(), nullptr);
        ::_exit(request.run(request.context) & 0xff);
      }
      fork_errno = errno;
    }
    if (pid < 0) return {-1, {SpawnError::Stage::Create, fork_errno, -1}};
    return {pid, {}};
  }
};

}  // namespace

Spawner& fork_spawner() noexcept {
  static ForkSpawner instance;
  return instance;
}

}  // namespace spawnsh::spawn::detail
