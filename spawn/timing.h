// What the shell remembers of each child it made: how, when, and what it cost.
#pragma once

#include <chrono>

#include "spawn/spawn.h"
#include "spawn/wait.h"

namespace spawnsh::spawn {

using Clock = std::chrono::steady_clock;

struct ProcessRecord {
  pid_t pid = -1;
  Backend backend = Backend::Auto;  // the backend that actually made the process
  Clock::time_point started{};      // just before the spawn call
  Clock::time_point ended{};        // when wait4 returned its final status
  WaitStatus status = WaitStatus::exited(0);
  ResourceUsage usage;
  bool done = false;

  Clock::duration wall() const noexcept { return ended - started; }
};

}  // namespace spawnsh::spawn
