// The `time` reserved word and the automatic reports (REPORTTIME, REPORTMEMORY).
#pragma once

#include <vector>

#include "spawn/timing.h"

namespace spawnsh {
class Shell;
namespace syntax {
struct Pipeline;
}
}  // namespace spawnsh

namespace spawnsh::timing {

// Runs a pipeline that `time` precedes (in the foreground), then writes its report to the
// standard error the shell had when it began (so `time cmd 2>/dev/null` still reports, and
// `{ time cmd; } 2>file` captures it). Returns the pipeline's status, negated by `!`.
int run_timed_pipeline(Shell& shell, const syntax::Pipeline& pipeline);

// After a foreground job: reports it in the TIMEFORMAT format when its processes used more than
// REPORTTIME seconds of CPU (user + system) or more than REPORTMEMORY KiB of memory (max RSS),
// as zsh does. Nothing while a `time` is running (it reports the job itself).
void report_if_expensive(Shell& shell, const std::vector<spawn::ProcessRecord>& processes);

}  // namespace spawnsh::timing
