// wait [pid | %job ...]: waits for background jobs, reaping with wait4 like every child.
#include <cerrno>
#include <charconv>

#include "builtins/builtins.h"
#include "shell/shell.h"
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

// Drops reported jobs from the end of the table only, so the remaining jobs keep their numbers.
void forget_reported(Shell& shell) {
  while (!shell.jobs.empty() && shell.jobs.back().reported) shell.jobs.pop_back();
}

void mark_reported_if_done(Job& job) {
  if (job.done()) job.reported = true;
}

}  // namespace

int wait(Shell& shell, std::span<const std::string> argv) {
  if (argv.size() == 1) {
    for (Job& job : shell.jobs) {
      if (wait_job(shell, job) == kInterrupted) return interrupted_status();
      mark_reported_if_done(job);
    }
    forget_reported(shell);
    return 0;
  }
  int status = 0;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    Job* target = nullptr;
    Job* owner = nullptr;
    spawn::ProcessRecord* process = nullptr;
    if (arg.size() > 1 && arg[0] == '%') {
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(arg.data() + 1, arg.data() + arg.size(), n);
      if (ec == std::errc() && end == arg.data() + arg.size() && n >= 1 && n <= shell.jobs.size()) {
        if (!shell.jobs[n - 1].reported) target = &shell.jobs[n - 1];
      }
    } else {
      pid_t pid = 0;
      auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), pid);
      if (ec != std::errc() || end != arg.data() + arg.size()) {
        shell.error("wait: Illegal number: " + arg);
        return 2;
      }
      for (Job& job : shell.jobs) {
        if (job.reported) continue;
        for (spawn::ProcessRecord& p : job.processes) {
          if (p.pid == pid) {
            process = &p;
            owner = &job;
          }
        }
      }
    }
    if (target != nullptr) {
      status = wait_job(shell, *target);
      if (status != kInterrupted) mark_reported_if_done(*target);
    } else if (process != nullptr) {
      status = wait_process(shell, *process);
      if (status != kInterrupted) mark_reported_if_done(*owner);
    } else {
      status = 127;  // not a child of this shell
    }
    if (status == kInterrupted) return interrupted_status();
  }
  forget_reported(shell);
  return status;
}

}  // namespace spawnsh::builtins
