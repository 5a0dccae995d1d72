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
    // Indexed like kConcreteBackends, then Emulated last (index kEmulatedIndex).
    std::array<std::uint64_t, 5> spawns{};          // programs
    std::array<std::uint64_t, 5> shell_children{};  // shell-code children
    std::uint64_t fallbacks = 0;                    // of either kind
  };
  // Told each time the chosen backend refused a plan and another one ran it.
  using FallbackObserver = void (*)(Backend wanted, Backend used, void* context);

  explicit Launcher(Backend preferred = Backend::Auto) noexcept : preferred_(preferred) {}

  static constexpr std::size_t kEmulatedIndex = 4;

  // Under Emulated, shell code goes to the emulated backend and programs to the others in the
  // Auto order (not a fallback: emulated has no way of its own to run a program).
  bool set_backend(Backend b) noexcept;
  Backend backend() const noexcept { return preferred_; }
  // No-fork mode (--no-fork): fork is never chosen, not even as a fallback; a request that only
  // fork could run fails with Unsupported. clone without CLONE_VM is never used by any backend.
  void set_no_fork(bool on) noexcept { no_fork_ = on; }
  bool no_fork() const noexcept { return no_fork_; }
  // The emulated backend's channel for the state: the image (shell/image.h) or, by default,
  // the serialize stream (shell/snapshot.h). Kept here beside the backend so children inherit
  // both together.
  void set_emulated_image(bool on) noexcept { emulated_image_ = on; }
  bool emulated_image() const noexcept { return emulated_image_; }
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
  bool no_fork_ = false;
  bool emulated_image_ = false;
  Counters counters_;
  FallbackObserver observer_ = nullptr;
  void* observer_context_ = nullptr;
  Spawner* injected_ = nullptr;
};

}  // namespace spawnsh::spawn
