// wait [pid | %job ...]: waits for background jobs, reaping with wait4 like every child.
#include <cerrno>
#include <charconv>

#include "builtins/builtins.h"
#include "shell/exec/jobs.h"
#include "shell/shell.h"
#include "shell/timing/job_timing.h"
#include "spawn/wait.h"

namespace spawnsh::builtins {
namespace {

// A trapped signal that arrives during `wait` makes it return at once with 128+signal, and its
// trap then runs (XCU 2.11).
constexpr int kInterrupted = -1;

// Waits for one process of a job (it may already have been reaped in the background).
int wait_process(Shell& shell, spawn::ProcessRecord& p) {
  if (!p.done) {
    spawn::Reaped reaped;
    for (;;) {
      if (spawn::reap(p.pid, 0, reaped, true)) break;
      if (errno != EINTR) return 127;
      if (Traps::pending()) return kInterrupted;
    }
    p.ended = spawn::Clock::now();
    p.status = reaped.status;
    p.usage = reaped.usage;
    p.done = true;
    shell.children_usage += reaped.usage;
    timing::note_reaped(shell, p);
  }
  return p.status.shell_status();
}

int wait_job(Shell& shell, Job& job) {
  int status = 0;
  for (spawn::ProcessRecord& p : job.processes) {
    if (p.pid > 0) status = wait_process(shell, p);
    if (status == kInterrupted) return status;
  }
  return status;
}

int interrupted_status() { return 128 + Traps::last_caught(); }

}  // namespace

// wait with no operand waits for every job; `wait pid` and `wait %job` give the status of one,
// even when it was given before (the job is forgotten only when the next one starts: see
// shell/exec/jobs.h). An unknown pid gives 127 (XCU wait); a bad job spec is an error (dash).
int wait(Shell& shell, std::span<const std::string> argv) {
  std::size_t first = 1;
  if (argv.size() > 1 && argv[1] == "--") {
    first = 2;
  } else if (argv.size() > 1 && argv[1].size() > 1 && argv[1][0] == '-') {
    shell.error("wait: Illegal option " + argv[1].substr(0, 2));  // wait has no options
    return 2;
  }
  if (argv.size() == first) {
    for (Job& job : shell.jobs) {
      if (!job.used()) continue;
      if (wait_job(shell, job) == kInterrupted) return interrupted_status();
      job.waited = true;
      shell.jobs_waited = true;
    }
    return 0;
  }
  int status = 0;
  for (std::size_t i = first; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    Job* job = nullptr;
    if (!arg.empty() && arg[0] == '%') {
      exec::JobLookup found = exec::find_job(shell, arg);
      if (found.job == nullptr) {
        shell.error("wait: " + found.error);
        return 2;
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
      job = exec::find_job_by_pid(shell, pid, &process);
      status = job != nullptr ? wait_process(shell, *process) : 127;  // not a known child
    }
    if (status == kInterrupted) return interrupted_status();
    if (job != nullptr && job->done()) {
      job->waited = true;
      shell.jobs_waited = true;
    }
  }
  return status;
}

}  // namespace spawnsh::builtins
