// vfork() + execve(). The parent is suspended until the child execs or exits, and the child
// borrows the parent's memory: failures are written straight into the parent's SpawnError.
#include <cerrno>
#include <unistd.h>

#include "spawn/backends.h"
#include "spawn/child_setup.h"
#include "spawn/wait.h"

namespace spawnsh::spawn::detail {
namespace {

class VforkSpawner final : public Spawner {
 public:
  Backend backend() const noexcept override { return Backend::Vfork; }
  bool supports(const ExecPlan&) const noexcept override { return true; }

  SpawnResult spawn(const ExecPlan& plan) noexcept override {
    volatile SpawnError failure;
    pid_t pid;
    int vfork_errno;
    {
      BlockAllSignals blocked(must_block_signals(plan));
      pid = ::vfork();
      if (pid == 0) exec_child(plan, ChildReport{&failure, -1});
      vfork_errno = errno;
    }
    if (pid < 0) return {-1, {SpawnError::Stage::Create, vfork_errno, -1}};
    return finish_shared_memory_spawn(pid, failure);
  }
};

}  // namespace

Spawner& vfork_spawner() noexcept {
  static VforkSpawner instance;
  return instance;
}

}  // namespace spawnsh::spawn::detail
