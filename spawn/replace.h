// `exec command`: the shell becomes the program. Not a child at all, but it is an execve, and
// only spawn/ calls execve.
#pragma once

#include "spawn/spawn.h"

namespace spawnsh::spawn {

// Resets the plan's signals, sets its mask and execs. Returns only on failure, with the errno
// (the signal state is then restored).
int replace_process(const ExecPlan& plan) noexcept;

}  // namespace spawnsh::spawn
