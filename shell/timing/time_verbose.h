// time -v: every rusage figure in GNU time's -v labels, and a table of the job's processes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shell/timing/job_timing.h"

namespace spawnsh::timing {

// The block (one "\tLabel: value" line per figure, GNU time's labels where GNU time has the
// figure) and, when the job made more than one process, a table of them.
std::string verbose_report(const JobFigures& f, std::string_view command,
                           const std::vector<TimedProcess>& processes);

}  // namespace spawnsh::timing
