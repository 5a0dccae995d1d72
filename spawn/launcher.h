// The one door to the backends: runs a plan through the chosen backend, or falls back visibly
// to one that can honour it, and counts what it did.
#pragma once

#include <array>
#include <cstdint>

#include "spawn/spawn.h"

namespace spawnsh::spawn {

class Launcher {
 public:
  struct Launched {
    pid_t pid = -1;
    Backend used = Backend::Auto;
    SpawnError error;
  };
  struct Counters {
    std::array<std::uint64_t, 4> spawns{};          // programs, indexed like kConcreteBackends
    std::array<std::uint64_t, 4> shell_children{};  // shell-code children, indexed the same
    std::uint64_t fallbacks = 0;                    // of either kind
  };
  // Told each time the chosen backend refused a plan and another one ran it.
  using FallbackObserver = void (*)(Backend wanted, Backend used, void* context);

  explicit Launcher(Backend preferred = Backend::Auto) noexcept : preferred_(preferred) {}

  // Emulated is not a concrete backend yet: set_backend refuses it (returns false).
  bool set_backend(Backend b) noexcept;
  Backend backend() const noexcept { return preferred_; }
  void on_fallback(FallbackObserver observer, void* context) noexcept {
    observer_ = observer;
    observer_context_ = context;
  }
  const Counters& counters() const noexcept { return counters_; }

  Launched launch(const ExecPlan& plan) noexcept;
  // A child that runs shell code: the preferred backend if it can (only fork can today), else
  // the first that can, as a counted, observed fallback.
  Launched launch(const ShellCodeRequest& request) noexcept;

  // Tests: every request goes to `spawner` (a fake that records them), whatever the backend.
  // nullptr goes back to the real backends.
  void use_spawner(Spawner* spawner) noexcept { injected_ = spawner; }

 private:
  template <typename Request>
  Spawner* choose(const Request& request) noexcept;

  Backend preferred_;
  Counters counters_;
  FallbackObserver observer_ = nullptr;
  void* observer_context_ = nullptr;
  Spawner* injected_ = nullptr;
};

}  // namespace spawnsh::spawn
