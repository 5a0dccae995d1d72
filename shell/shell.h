// The state of one shell, in named parts (shell/state/, shell/services/): what a child inherits,
// the execution context, the services, and the job table. Shell derives from the parts so code
// says `shell.vars` as before, and a function that handles one part takes only that part (the
// snapshot takes `const InheritedState&`).
#pragma once

#include <string_view>

#include "shell/diag.h"
#include "shell/jobs/job_control.h"
#include "shell/jobs/job_table.h"
#include "shell/services/services.h"
#include "shell/shared_values.h"
#include "shell/state/execution.h"
#include "shell/state/inherited.h"
#include "spawn/launcher.h"
#include "spawn/timing.h"

namespace spawnsh {

class Shell : public InheritedState, public ExecutionContext, public Services {
 public:
  void error(std::string_view message) const { report_error(name, where, message); }

  // The jobs (shell/jobs/): background jobs, the last foreground job, the children's usage.
  int dev_null_fd = -1;                  // stdin of background jobs (opened when first needed)
  JobTable jobs;
  JobControl job_control;                // set -m: process groups and the terminal
  // The large values emulated children map instead of receiving copies (shell/shared_values.h).
  snapshot::SharedValues shared_values;
};

}  // namespace spawnsh
