#include "spawn/launcher.h"

#include <span>
#include <type_traits>

namespace spawnsh::spawn {
namespace {

// Fastest first, as measured by bench/spawn_bench (see README): the CLONE_VM backends share
// the parent's page tables, posix_spawn pays a sigaction per signal in the child, and fork
// copies the page tables, so it is last.
constexpr Backend kAutoOrder[] = {Backend::Vfork, Backend::Clone, Backend::PosixSpawn,
                                  Backend::Fork};

std::size_t index_of(Backend b) noexcept {
  if (b == Backend::Emulated) return Launcher::kEmulatedIndex;
  for (std::size_t i = 0; i < std::size(kConcreteBackends); ++i) {
    if (kConcreteBackends[i] == b) return i;
  }
  return 0;
}

bool can_run(const Spawner& s, const ExecPlan& plan) noexcept { return s.supports(plan); }
bool can_run(const Spawner& s, const ShellCodeRequest& request) noexcept {
  return s.supports_shell_code(request);
}

}  // namespace

bool Launcher::set_backend(Backend b) noexcept {
  preferred_ = b;
  return true;
}

template <typename Request>
Spawner* Launcher::choose(const Request& request) noexcept {
  if (injected_ != nullptr) return injected_;
  if (preferred_ != Backend::Auto && !(no_fork_ && preferred_ == Backend::Fork)) {
    Spawner* wanted = spawner_for(preferred_);
    if (wanted != nullptr && can_run(*wanted, request)) return wanted;
  }
  constexpr bool is_program = std::is_same_v<Request, ExecPlan>;
  // Without fork, emulated is the one way left to run shell code.
  constexpr Backend kNoForkOrder[] = {Backend::Vfork, Backend::Clone, Backend::PosixSpawn,
                                      Backend::Emulated};
  for (Backend b : no_fork_ ? std::span<const Backend>(kNoForkOrder)
                            : std::span<const Backend>(kAutoOrder)) {
    Spawner* s = spawner_for(b);
    if (can_run(*s, request)) {
      bool expected = preferred_ == Backend::Auto || (is_program && preferred_ == Backend::Emulated);
      if (!expected) {
        ++counters_.fallbacks;
        if (observer_ != nullptr) observer_(preferred_, b, observer_context_);
      }
      return s;
    }
  }
  return nullptr;
}

Launcher::Launched Launcher::launch(const ExecPlan& plan) noexcept {
  Spawner* spawner = choose(plan);
  if (spawner == nullptr) return {-1, preferred_, {SpawnError::Stage::Unsupported, 0, -1}};
  SpawnResult r = spawner->spawn(plan);
  ++counters_.spawns[index_of(spawner->backend())];
  return {r.pid, spawner->backend(), r.error};
}

Launcher::Launched Launcher::launch(const ShellCodeRequest& request) noexcept {
  Spawner* spawner = choose(request);
  if (spawner == nullptr) return {-1, preferred_, {SpawnError::Stage::Unsupported, 0, -1}};
  SpawnResult r = spawner->spawn_shell_code(request);
  ++counters_.shell_children[index_of(spawner->backend())];
  return {r.pid, spawner->backend(), r.error};
}

}  // namespace spawnsh::spawn
