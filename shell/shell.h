// The state of one shell, in named parts (shell/state/, shell/services/): what a child inherits,
// the execution context, the services, and the job table. Shell derives from the parts so code
// says `shell.vars` as before, and a function that handles one part takes only that part (the
// snapshot takes `const InheritedState&`).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "shell/diag.h"
#include "shell/services/services.h"
#include "shell/state/execution.h"
#include "shell/state/inherited.h"
#include "spawn/launcher.h"
#include "spawn/timing.h"

namespace spawnsh {

// A background job: its processes and what became of them. Job n is jobs[n - 1]; a job keeps its
// slot (and number) until the next job is started after `wait` has given its status
// (shell/exec/jobs.h), so `wait $pid` can give it again meanwhile, as dash does.
struct Job {
  std::vector<spawn::ProcessRecord> processes;  // empty: a free slot
  std::string text;                             // the command, for %string and %?string
  pid_t pgid = 0;                               // its own process group; 0: the shell's
  std::uint64_t serial = 0;                     // start order: the newest is the current job
  bool waited = false;                          // `wait` has given its status
  bool used() const { return !processes.empty(); }
  bool done() const {
    for (const auto& p : processes) {
      if (!p.done) return false;
    }
    return true;
  }
};

class Shell : public InheritedState, public ExecutionContext, public Services {
 public:
  void error(std::string_view message) const { report_error(name, where, message); }

  // The job table and the children's records.
  int dev_null_fd = -1;                  // stdin of background jobs (opened when first needed)
  std::vector<Job> jobs;
  std::uint64_t job_serial = 0;          // of the newest job
  std::size_t free_job_slots = 0;        // slots in `jobs` forgotten and not yet reused
  bool jobs_waited = false;              // `wait` gave a status since the last job started
  // Every child the shell has reaped: their usage, summed (what `times` reports).
  spawn::ResourceUsage children_usage;
  // The processes of the most recent foreground job (what `time` reports).
  std::vector<spawn::ProcessRecord> last_job;
};

}  // namespace spawnsh
