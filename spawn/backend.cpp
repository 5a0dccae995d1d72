// The backend registry, and what every backend shares outside the child.
#include <algorithm>

#include "spawn/backends.h"
#include "spawn/wait.h"

namespace spawnsh::spawn {

std::string_view backend_name(Backend b) noexcept {
  switch (b) {
    case Backend::Fork: return "fork";
    case Backend::Vfork: return "vfork";
    case Backend::Clone: return "clone";
    case Backend::PosixSpawn: return "posix_spawn";
    case Backend::Emulated: return "emulated";
    case Backend::Auto: return "auto";
  }
  return "?";
}

bool parse_backend(std::string_view name, Backend& out) noexcept {
  for (Backend b : {Backend::Fork, Backend::Vfork, Backend::Clone, Backend::PosixSpawn,
                    Backend::Emulated, Backend::Auto}) {
    if (backend_name(b) == name) {
      out = b;
      return true;
    }
  }
  return false;
}

Spawner* spawner_for(Backend b) noexcept {
  switch (b) {
    case Backend::Fork: return &detail::fork_spawner();
    case Backend::Vfork: return &detail::vfork_spawner();
    case Backend::Clone: return &detail::clone_spawner();
    case Backend::PosixSpawn: return &detail::posix_spawner();
    case Backend::Emulated: return &detail::emulated_spawner();
    case Backend::Auto: return nullptr;
  }
  return nullptr;
}

bool ExecPlan::has_open_actions() const noexcept {
  return std::any_of(fd_actions.begin(), fd_actions.end(),
                     [](const FdAction& a) { return a.kind == FdAction::Kind::Open; });
}

namespace detail {
SpawnResult finish_shared_memory_spawn(pid_t pid, const volatile SpawnError& failure) noexcept {
  SpawnError copy;
  copy.stage = failure.stage;
  copy.error = failure.error;
  copy.action = failure.action;
  if (!copy) return {pid, {}};
  reap_failed_child(pid);
  return {-1, copy};
}
}  // namespace detail

}  // namespace spawnsh::spawn
