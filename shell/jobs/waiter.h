// The waiter: the only code that reaps children (wait4, called in spawn/). Every child
// reaped (a program, a pipeline element, a subshell, a $( ), a background job) gets its end
// time, status and rusage on its job's process record, and its usage is added to what `times`
// reports. A child reaped before its job asked (a wait4(-1) returns any child) is kept as
// unclaimed until then.
#pragma once

#include "shell/jobs/job.h"
#include "shell/shell.h"

namespace spawnsh {

// Waits for a foreground job: each process by pid, or the whole group (-pgid) when the job has
// one of its own. With set -m, a stopped process ends the wait too (WUNTRACED): the job goes
// into the table as stopped instead of hanging the shell. Keeps the job's records as the last
// foreground job and returns its status (the last process's).
int wait_for_foreground(Shell& shell, Job& job);

// The `wait` builtin's wait for one process of a background job: returns its status (128 plus
// the signal for one stopped under set -m), or
// kWaitInterrupted when a trapped signal arrived first (XCU 2.11: wait returns at once).
inline constexpr int kWaitInterrupted = -1;
int wait_for_background_process(Shell& shell, spawn::ProcessRecord& process);

// Takes a job out of the background table (fg makes it the foreground job again).
Job take_job(Shell& shell, Job& job);

// Collects every child that has finished, without blocking (WNOHANG).
void reap_finished(Shell& shell);

// Loops and lists call this between commands, kill, wait and jobs before they look: it reaps
// only while some background process is still running, so a script without `&` pays a compare.
inline void reap_at_safe_point(Shell& shell) {
  if (shell.jobs.running_background() > 0) reap_finished(shell);
}

// Enters a started background job in the table (claiming children already reaped) and reaps
// what has finished. Returns the job's number.
std::size_t add_background_job(Shell& shell, Job job);

}  // namespace spawnsh
