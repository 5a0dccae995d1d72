// clone(CLONE_VM | CLONE_VFORK) on a stack of our own: vfork's semantics without borrowing
// the parent's stack, so the child cannot scribble over the frame the parent returns to.
#include <cerrno>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include "spawn/backends.h"
#include "spawn/child_setup.h"
#include "spawn/wait.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define SPAWNSH_CLEAR_STACK_SHADOW(base, size) ASAN_UNPOISON_MEMORY_REGION(base, size)
#else
#define SPAWNSH_CLEAR_STACK_SHADOW(base, size) static_cast<void>(0)
#endif

namespace spawnsh::spawn::detail {
namespace {

// The child only runs exec_child (a few system calls, small frames): 64 KiB is plenty, and the
// page below it is a guard so an overflow faults instead of corrupting the parent's heap.
constexpr std::size_t kStackSize = 64 * 1024;

struct CloneArgs {
  const ExecPlan* plan;
  volatile SpawnError* failure;
};

int clone_child(void* raw) {
  auto* args = static_cast<CloneArgs*>(raw);
  exec_child(*args->plan, ChildReport{args->failure, -1});
}

class CloneSpawner final : public Spawner {
 public:
  Backend backend() const noexcept override { return Backend::Clone; }
  bool supports(const ExecPlan&) const noexcept override { return true; }

  SpawnResult spawn(const ExecPlan& plan) noexcept override {
    if (stack_top_ == nullptr && !map_stack()) {
      return {-1, {SpawnError::Stage::Create, errno, -1}};
    }
    // One stack for every spawn: the shell spawns from one thread only, and CLONE_VFORK keeps
    // us suspended until the child is done with it. (A threaded user would need one per thread.)
    // AddressSanitizer builds only: each child's frames poison this stack's shadow and exec
    // leaves it poisoned (and a fresh mapping can land on stale shadow), so ASan would report
    // the next child's first frame. Clear it in the parent, before the child exists.
    SPAWNSH_CLEAR_STACK_SHADOW(static_cast<char*>(stack_top_) - kStackSize, kStackSize);
    volatile SpawnError failure;
    CloneArgs args{&plan, &failure};
    pid_t pid;
    int clone_errno;
    {
      BlockAllSignals blocked(must_block_signals(plan));
      // CLONE_VFORK suspends us until the child execs or exits, so one stack serves every spawn.
      pid = ::clone(clone_child, stack_top_, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
      clone_errno = errno;
    }
    if (pid < 0) return {-1, {SpawnError::Stage::Create, clone_errno, -1}};
    return finish_shared_memory_spawn(pid, failure);
  }

 private:
  bool map_stack() noexcept {
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    void* base = ::mmap(nullptr, kStackSize + page, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) return false;
    ::mprotect(base, page, PROT_NONE);  // guard page at the low end: stacks grow down
    stack_top_ = static_cast<char*>(base) + page + kStackSize;
    return true;
  }

  void* stack_top_ = nullptr;
};

}  // namespace

Spawner& clone_spawner() noexcept {
  static CloneSpawner instance;
  return instance;
}

}  // namespace spawnsh::spawn::detail
