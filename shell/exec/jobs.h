// The table of background jobs: adding a job (reusing free slots, forgetting what `wait` has
// reported, remembering at most CHILD_MAX finished jobs), and finding one by pid or job spec.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shell/shell.h"

namespace spawnsh::syntax {
struct AndOr;
struct Command;
struct Pipeline;
}

namespace spawnsh::exec {

// The text a job is known by (what %string and %?string match): the command words of each
// simple command, compound commands by their keyword, joined by | && and ||.
std::string job_text(const syntax::AndOr& and_or);
std::string job_text(const syntax::Pipeline& pipeline);
std::string job_text(const syntax::Command& command);  // one element of a pipeline

// Enters a started background job into the table and returns its number (1-based). Jobs whose
// status `wait` has already given are forgotten first, so their slots (and numbers) are reused;
// finished jobs nobody waited for are kept, up to the CHILD_MAX most recent (XCU 2.9.3.1).
std::size_t add_job(Shell& shell, std::vector<spawn::ProcessRecord> processes, std::string text,
                    pid_t pgid);

// The job a spec names: %n, %% %+ (current: the newest), %- (previous), %string (its text starts
// with string), %?string (its text contains string). `error` is dash's message when there is
// none, or when a string matches more than one job.
struct JobLookup {
  Job* job = nullptr;
  std::string error;
};
JobLookup find_job(Shell& shell, std::string_view spec);

// The current job (the newest) and the previous one (started before it); nullptr for none.
std::pair<Job*, Job*> current_and_previous_jobs(Shell& shell);

// Takes a job out of the table at once (its number becomes free): `jobs` does this to a finished
// job once it has reported it, as dash does.
void forget_job(Shell& shell, Job& job);

// The job with a process `pid`, or nullptr.
Job* find_job_by_pid(Shell& shell, pid_t pid, spawn::ProcessRecord** process = nullptr);

}  // namespace spawnsh::exec
