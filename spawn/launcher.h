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
    std::array<std::uint64_t, 4> spawns{};  // indexed like kConcreteBackends
    std::uint64_t fallbacks = 0;
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

 private:
  Spawner* choose(const ExecPlan& plan) noexcept;

  Backend preferred_;
  Counters counters_;
  FallbackObserver observer_ = nullptr;
  void* observer_context_ = nullptr;
};

}  // namespace spawnsh::spawn
