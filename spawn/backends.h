// Internal to spawn/: the backend singletons and what the shared-memory backends have in common.
#pragma once

#include "spawn/spawn.h"

namespace spawnsh::spawn::detail {

Spawner& fork_spawner() noexcept;
Spawner& vfork_spawner() noexcept;
Spawner& clone_spawner() noexcept;
Spawner& posix_spawner() noexcept;
Spawner& emulated_spawner() noexcept;

// vfork and clone(CLONE_VM|CLONE_VFORK): when the parent resumes, the child has exec'd or has
// exited after writing `failure`. Copies the report out; a failed child is reaped here.
SpawnResult finish_shared_memory_spawn(pid_t pid, const volatile SpawnError& failure) noexcept;

// Reaps a child that reported failure before exec (it has exited or is about to).
void reap_failed_child(pid_t pid) noexcept;

}  // namespace spawnsh::spawn::detail
