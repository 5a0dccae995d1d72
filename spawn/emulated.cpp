// The emulated backend: a child that runs shell code without fork, the way Cygwin and
// busybox-w32 make one where fork does not exist. A fresh process of this executable is started
// (vfork+exec), with the state the shell wrote (ShellCodeRequest::state) in a memfd it
// inherits; its hidden entry (kEmulatedChildArg0) reads the state back and runs the
// continuation.
//
// The shell writes the state into an fd before the child exists (a memfd; a pipe big enough
// under `ulimit -f`, where a memfd would raise SIGXFSZ: shell/platform/anonymous_file.h), so
// there is no writer to wait for and no reader that can deadlock.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <new>
#include <vector>

#include "spawn/backends.h"
#include "spawn/self.h"

extern char** environ;

namespace spawnsh::spawn::detail {
namespace {

// A state fd in the child (the stream's, the shared value file's): a number no action of the
// request names, so none of them (a `3>&-`, a pipe end moved onto 4) meets it. `original` itself
// when no action names it (no copy: under a low fd limit there may be no number to spare);
// else a copy above them all and at 10 or above (the shell's own range: fds 0-9 are the
// script's), or, when a low fd limit (`ulimit -n 10`) leaves no number there, the lowest free
// one they do not name. `copied` says whether the caller must close it. The child closes it
// once read.
int state_fd_for(const ShellCodeRequest& request, int original, bool& copied,
                 int& error) noexcept {
  auto named = [&request](int fd) {
    if (fd == request.terminal_fd) return true;
    return std::any_of(request.fd_actions.begin(), request.fd_actions.end(),
                       [fd](const FdAction& a) { return a.fd == fd || a.src == fd; });
  };
  copied = false;
  if (original > STDERR_FILENO && !named(original)) return original;
  copied = true;
  int highest = std::max(request.terminal_fd, 2);
  for (const FdAction& a : request.fd_actions) highest = std::max({highest, a.fd, a.src});
  int moved = ::fcntl(original, F_DUPFD_CLOEXEC, std::max(highest + 1, 10));
  for (int from = 3; moved < 0 && errno == EINVAL && from <= std::max(highest, 9);) {
    int copy = ::fcntl(original, F_DUPFD_CLOEXEC, from);
    if (copy < 0) break;
    if (!named(copy)) return copy;
    ::close(copy);
    from = copy + 1;
  }
  if (moved < 0) error = errno;
  return moved;
}

class EmulatedSpawner final : public Spawner {
 public:
  Backend backend() const noexcept override { return Backend::Emulated; }
  // Programs go to the other backends (Launcher); this one makes only shell-code children.
  bool supports(const ExecPlan&) const noexcept override { return false; }
  SpawnResult spawn(const ExecPlan&) noexcept override {
    return {-1, {SpawnError::Stage::Unsupported, 0, -1}};
  }

  bool supports_shell_code(const ShellCodeRequest& request) const noexcept override {
    return request.has_state();
  }

  SpawnResult spawn_shell_code(const ShellCodeRequest& request) noexcept override {
    if (!supports_shell_code(request)) return {-1, {SpawnError::Stage::Unsupported, 0, -1}};
    int error = 0;
    bool fd_copied = false, shared_copied = false;
    int fd = state_fd_for(request, request.state_fd, fd_copied, error);
    if (fd < 0) return {-1, {SpawnError::Stage::Create, error, -1}};
    int shared = -1;
    if (request.shared_fd >= 0) {
      shared = state_fd_for(request, request.shared_fd, shared_copied, error);
      if (shared < 0) {
        if (fd_copied) ::close(fd);
        return {-1, {SpawnError::Stage::Create, error, -1}};
      }
    }
    SpawnResult result = start(request, fd, shared);
    if (fd_copied) ::close(fd);
    if (shared_copied) ::close(shared);
    return result;
  }

 private:
  static SpawnResult start(const ShellCodeRequest& request, int state_fd, int shared_fd) noexcept {
    char fd_text[32];
    if (request.state_is_image) {
      std::snprintf(fd_text, sizeof fd_text, "%c%d", kEmulatedImagePrefix, state_fd);
    } else if (shared_fd >= 0) {
      std::snprintf(fd_text, sizeof fd_text, "%d%c%d", state_fd, kEmulatedSharedSeparator,
                    shared_fd);
    } else {
      std::snprintf(fd_text, sizeof fd_text, "%d", state_fd);
    }
    char arg0[64];
    std::snprintf(arg0, sizeof arg0, "%s", kEmulatedChildArg0);
    char* const argv[] = {arg0, fd_text, nullptr};
    std::vector<FdAction> actions;
    try {
      actions.reserve(request.fd_actions.size() + 2);
      actions.assign(request.fd_actions.begin(), request.fd_actions.end());
    } catch (const std::bad_alloc&) {
      return {-1, {SpawnError::Stage::Create, ENOMEM, -1}};
    }
    // Last, so nothing the request does can close them: the state fds survive the exec.
    actions.push_back(FdAction::dup2(state_fd, state_fd));
    if (shared_fd >= 0) actions.push_back(FdAction::dup2(shared_fd, shared_fd));

    ExecPlan plan;
    plan.path = self_executable().c_str();
    plan.argv = argv;
    plan.envp = request.envp != nullptr ? request.envp : environ;
    plan.fd_actions = actions;
    plan.group = request.group;
    plan.terminal_fd = request.terminal_fd;
    plan.signal_mask = request.signal_mask;
    plan.reset_signals = request.reset_signals;
    // vfork + exec: the child resets only the signals the shell changed. glibc's posix_spawn
    // asks about and resets every one of the 64 in the child (124 system calls, a tenth of an
    // emulated child's CPU time in this VM). vfork shares the memory as CLONE_VM does, so
    // no-fork mode holds (its filter refuses fork and clone without CLONE_VM only).
    SpawnResult r = vfork_spawner().spawn(plan);
    // A failed exec of the shell itself is a failure to make the child, not a status 126/127
    // of a program: the caller reports it and goes on.
    if (r.error && r.error.stage == SpawnError::Stage::Exec) r.error.stage = SpawnError::Stage::Create;
    return r;
  }
};

}  // namespace

Spawner& emulated_spawner() noexcept {
  static EmulatedSpawner instance;
  return instance;
}

}  // namespace spawnsh::spawn::detail
