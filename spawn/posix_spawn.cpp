// posix_spawn() with file actions and attributes. glibc does the vfork-style work itself; we
// translate the plan. It reports only an errno, not which step failed, so plans that open files
// in the child (where "No such file" could be the redirection or the program) are refused and
// the launcher falls back, rather than guessing the wrong error message.
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>

#include "spawn/backends.h"

namespace spawnsh::spawn::detail {
namespace {

class FileActions {
 public:
  FileActions() noexcept { ok_ = ::posix_spawn_file_actions_init(&fa_) == 0; }
  ~FileActions() {
    if (ok_) ::posix_spawn_file_actions_destroy(&fa_);
  }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;

  int add(const FdAction& a) noexcept {
    switch (a.kind) {
      case FdAction::Kind::Open:
        return ::posix_spawn_file_actions_addopen(&fa_, a.fd, a.path, a.flags, a.mode);
      case FdAction::Kind::Dup2: return ::posix_spawn_file_actions_adddup2(&fa_, a.src, a.fd);
      case FdAction::Kind::Close: return ::posix_spawn_file_actions_addclose(&fa_, a.fd);
    }
    return EINVAL;
  }
  int add_terminal(int fd) noexcept { return ::posix_spawn_file_actions_addtcsetpgrp_np(&fa_, fd); }
  bool ok() const noexcept { return ok_; }
  posix_spawn_file_actions_t* get() noexcept { return &fa_; }

 private:
  posix_spawn_file_actions_t fa_;
  bool ok_;
};

class Attributes {
 public:
  Attributes() noexcept { ok_ = ::posix_spawnattr_init(&attr_) == 0; }
  ~Attributes() {
    if (ok_) ::posix_spawnattr_destroy(&attr_);
  }
  Attributes(const Attributes&) = delete;
  Attributes& operator=(const Attributes&) = delete;
  bool ok() const noexcept { return ok_; }
  posix_spawnattr_t* get() noexcept { return &attr_; }

 private:
  posix_spawnattr_t attr_;
  bool ok_;
};

int describe(const ExecPlan& plan, FileActions& fa, Attributes& attr) noexcept {
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (plan.group.policy != ProcessGroup::Policy::Inherit) {
    flags |= POSIX_SPAWN_SETPGROUP;
    pid_t pgid = plan.group.policy == ProcessGroup::Policy::Join ? plan.group.pgid : 0;
    if (int rc = ::posix_spawnattr_setpgroup(attr.get(), pgid)) return rc;
  }
  if (int rc = ::posix_spawnattr_setflags(attr.get(), flags)) return rc;
  if (int rc = ::posix_spawnattr_setsigmask(attr.get(), &plan.signal_mask)) return rc;
  // glibc's child gives the C library's own signals (32 and 33, below SIGRTMIN) SIG_IGN unless
  // they are in the set to default, and SIG_IGN survives execve: the program would start with
  // them ignored, unlike under every other backend. sigaddset refuses those numbers, so their
  // bits are set directly.
  sigset_t defaults = plan.reset_signals;
  constexpr int kBitsPerWord = 8 * sizeof defaults.__val[0];
  for (int sig = __SIGRTMIN; sig < SIGRTMIN; ++sig) {
    defaults.__val[(sig - 1) / kBitsPerWord] |= 1UL << ((sig - 1) % kBitsPerWord);
  }
  if (int rc = ::posix_spawnattr_setsigdefault(attr.get(), &defaults)) return rc;
  // Same order as exec_child: the terminal first, then the fd actions.
  if (plan.takes_terminal()) {
    if (int rc = fa.add_terminal(plan.terminal_fd)) return rc;
  }
  for (const FdAction& a : plan.fd_actions) {
    if (int rc = fa.add(a)) return rc;
  }
  return 0;
}

// Whether `fd` is open in the child just before action `index`: the last earlier action that
// names it decides, else whether the parent has it open (and will pass it on).
bool open_before(const ExecPlan& plan, std::size_t index, int fd) noexcept {
  for (std::size_t i = index; i-- > 0;) {
    const FdAction& a = plan.fd_actions[i];
    if (a.fd == fd) return a.kind != FdAction::Kind::Close;
  }
  return ::fcntl(fd, F_GETFD) >= 0;
}

// posix_spawn tells only "EBADF". execve does not fail that way, so a dup2 action named an fd
// that was not open: find which, so the shell reports it as it does for the other backends.
long failed_dup2(const ExecPlan& plan) noexcept {
  for (std::size_t i = 0; i < plan.fd_actions.size(); ++i) {
    const FdAction& a = plan.fd_actions[i];
    if (a.kind == FdAction::Kind::Dup2 && !open_before(plan, i, a.src)) {
      return static_cast<long>(i);
    }
  }
  return -1;
}

class PosixSpawner final : public Spawner {
 public:
  Backend backend() const noexcept override { return Backend::PosixSpawn; }
  bool supports(const ExecPlan& plan) const noexcept override { return !plan.has_open_actions(); }

  SpawnResult spawn(const ExecPlan& plan) noexcept override {
    if (!supports(plan)) return {-1, {SpawnError::Stage::Unsupported, ENOTSUP, -1}};
    FileActions fa;
    Attributes attr;
    if (!fa.ok() || !attr.ok()) return {-1, {SpawnError::Stage::Create, ENOMEM, -1}};
    if (int rc = describe(plan, fa, attr)) return {-1, {SpawnError::Stage::Create, rc, -1}};
    pid_t pid = -1;
    int rc = ::posix_spawn(&pid, plan.path, fa.get(), attr.get(), plan.argv, plan.envp);
    if (rc == 0) return {pid, {}};
    // glibc has reaped the child already. EAGAIN/ENOMEM mean no process was made at all;
    // ENOTTY can only come from the terminal hand-over (execve never returns it).
    auto stage = SpawnError::Stage::Exec;
    if (rc == EAGAIN || rc == ENOMEM) stage = SpawnError::Stage::Create;
    if (rc == ENOTTY && plan.takes_terminal()) stage = SpawnError::Stage::Terminal;
    if (rc == EBADF) {
      if (long action = failed_dup2(plan); action >= 0) {
        return {-1, {SpawnError::Stage::FdAction, rc, static_cast<int>(action)}};
      }
    }
    return {-1, {stage, rc, -1}};
  }
};

}  // namespace

Spawner& posix_spawner() noexcept {
  static PosixSpawner instance;
  return instance;
}

}  // namespace spawnsh::spawn::detail
