// The one place where the comparison mode touches the shell: run a command once in this shell,
// with the launcher set to one backend, and say what it cost. Everything else of `compare`
// (statistics, schedule, ballast, reports) is in compare/ and knows nothing of the shell.
//
// For whoever changes how children are reaped: this function only needs (1) the launcher's
// backend (and the emulated backend's channel) switched for the run, (2) a timing that collects every process the command made
// (today a JobTiming fed by note_reaped) plus the shell's own CPU, and (3) the launcher's
// counters before and after, for the fallbacks.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "compare/model.h"
#include "shell/timing/job_timing.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::compare_run {

struct RunOnce {
  timing::JobFigures figures;                // wall, rusage, processes, and $? in .status
  // Processes made, by backend (compare::backend_slot: fork, vfork, clone, posix_spawn, emulated).
  std::array<std::uint64_t, compare::kBackendSlots> by_backend{};
  std::uint64_t fallbacks = 0;               // launches the chosen backend refused
};

// Runs `command` (shell code, parsed and run as a -c string would be) once in `shell` with the
// launcher set to `variant`'s backend and channel, stdin from /dev/null and stdout and stderr into
// `output_fd`; the shell's own fds, backend and channel are restored afterwards. An `exit` in the
// command ends the run, not the shell.
RunOnce run_once(Shell& shell, const std::string& command, compare::Variant variant,
                 int output_fd);

}  // namespace spawnsh::compare_run
