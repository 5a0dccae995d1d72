// wait [pid | %job ...]: waits for background jobs through the waiter (shell/jobs/waiter.h).
#include <charconv>

#include "builtins/builtins.h"
#include "shell/jobs/waiter.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

// A trapped signal that arrives during `wait` makes it return at once with 128+signal, and its
// trap then runs (XCU 2.11).
constexpr int kInterrupted = kWaitInterrupted;

int wait_job(Shell& shell, Job& job) {
  int status = 0;
  for (spawn::ProcessRecord& p : job.processes) {
    if (p.pid > 0) status = wait_for_background_process(shell, p);
    if (status == kInterrupted) return status;
  }
  return status;
}

int interrupted_status() { return 128 + Traps::last_caught(); }

}  // namespace

// wait with no operand waits for every job; `wait pid` and `wait %job` give the status of one,
// even when it was given before (the job is forgotten only when the next one starts: see
// shell/jobs/job_table.h). An unknown pid or job gives 127 (XCU wait), with dash's message.
int wait(Shell& shell, std::span<const std::string> argv) {
  std::size_t first = 1;
  if (argv.size() > 1 && argv[1] == "--") {
    first = 2;
  } else if (argv.size() > 1 && argv[1].size() > 1 && argv[1][0] == '-') {
    shell.error("wait: Illegal option " + argv[1].substr(0, 2));  // wait has no options
    return 2;
  }
  reap_at_safe_point(shell);
  if (argv.size() == first) {
    for (Job& job : shell.jobs.all()) {
      if (!job.used()) continue;
      if (wait_job(shell, job) == kInterrupted) return interrupted_status();
      shell.jobs.mark_waited(job);
    }
    return 0;
  }
  int status = 0;
  for (std::size_t i = first; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    Job* job = nullptr;
    if (!arg.empty() && arg[0] == '%') {
      JobLookup found = shell.jobs.find(arg);
      if (found.job == nullptr) {
        // A job the shell does not know is like an unknown pid: 127, and the other operands
        // are still waited for (XCU wait, EXIT STATUS; bash, mksh and yash; dash fails with 2).
        shell.error("wait: " + found.error);
        status = 127;
        continue;
      }
      job = found.job;
      status = wait_job(shell, *job);
    } else {
      pid_t pid = 0;
      auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), pid);
      if (arg.empty() || ec != std::errc() || end != arg.data() + arg.size()) {
        shell.error("wait: Illegal number: " + arg);
        return 2;
      }
      spawn::ProcessRecord* process = nullptr;
      job = shell.jobs.find_by_pid(pid, &process);
      // not a known child: 127
      status = job != nullptr ? wait_for_background_process(shell, *process) : 127;
    }
    if (status == kInterrupted) return interrupted_status();
    if (job != nullptr && job->done()) shell.jobs.mark_waited(*job);
  }
  return status;
}

}  // namespace spawnsh::builtins
