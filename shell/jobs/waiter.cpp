#include "shell/jobs/waiter.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <unistd.h>

#include "shell/errors.h"
#include "shell/jobs/job_control.h"
#include "shell/jobs/job_text.h"
#include "shell/interrupt.h"
#include "shell/shell.h"
#include "shell/timing/job_timing.h"
#include "shell/timing/time_command.h"
#include "spawn/wait.h"

namespace spawnsh {

// The waiter's access to the table's bookkeeping.
class Waiter {
 public:
  // The one call of wait4 in the shell (a test may stand in for it).
  static bool collect(JobTable& table, pid_t which, int options, spawn::Reaped& out,
                   bool interruptible) {
    if (table.reaper_ != nullptr) return table.reaper_(which, options, out, interruptible);
    return spawn::reap(which, options, out, interruptible);
  }

  // Puts what wait4 said on the record of its process: in `expected` (the job being waited
  // for), else a background job, else the unclaimed table.
  static void record(JobTable& table, const spawn::Reaped& reaped, Job* expected) {
    auto now = spawn::Clock::now();
    table.children_usage_ += reaped.usage;
    Job* background = nullptr;
    spawn::ProcessRecord* record = expected != nullptr ? find_in(*expected, reaped.pid) : nullptr;
    if (record == nullptr) {
      // Newest first: a child that just ended most likely belongs to a recent job.
      for (auto job = table.jobs_.rbegin(); job != table.jobs_.rend() && record == nullptr;
           ++job) {
        record = find_in(*job, reaped.pid);
        if (record != nullptr) background = &*job;
      }
    }
    if (record == nullptr) {
      keep_unclaimed(table, {reaped.pid, now, reaped.status, reaped.usage});
      return;
    }
    bool was_running = !record->done;
    apply(*record, now, reaped.status, reaped.usage);
    if (background != nullptr && was_running && record->done && table.running_background_ > 0) {
      --table.running_background_;
    }
    // Ended or stopped: a status line for it is due (set -m notices).
    if (background != nullptr && (record->done || record->status.is_stopped())) {
      background->changed = true;
    }
  }

  // A stopped job that fg brings back: out of the table, its running processes no longer
  // counted as background ones.
  static Job take(JobTable& table, Job& job) {
    for (const spawn::ProcessRecord& p : job.processes) {
      if (!p.done && table.running_background_ > 0) --table.running_background_;
    }
    Job taken = std::move(job);
    table.forget(job);
    return taken;
  }

  // A child of this record reaped earlier by a wait4(-1): take its status. A pid can be reused,
  // so only a child that ended after this record's process was started is this one.
  static bool claim(JobTable& table, spawn::ProcessRecord& record) {
    auto& unclaimed = table.unclaimed_;
    for (auto it = unclaimed.begin(); it != unclaimed.end(); ++it) {
      if (it->pid != record.pid || it->ended < record.started) continue;
      apply(record, it->ended, it->status, it->usage);
      unclaimed.erase(it);
      return true;
    }
    return false;
  }

  static std::size_t add_background(JobTable& table, Job job) {
    for (spawn::ProcessRecord& p : job.processes) {
      if (p.pid > 0 && !p.done && !table.unclaimed_.empty()) claim(table, p);
      if (!p.done) ++table.running_background_;
    }
    return table.add(std::move(job));
  }

  static void keep_as_last_foreground(JobTable& table, const Job& job) {
    // assign() reuses the capacity the last foreground job left: no allocation per command.
    table.last_foreground_.processes.assign(job.processes.begin(), job.processes.end());
    table.last_foreground_.pgid = job.pgid;
  }

 private:
  static spawn::ProcessRecord* find_in(Job& job, pid_t pid) {
    for (spawn::ProcessRecord& p : job.processes) {
      if (p.pid == pid) return &p;
    }
    return nullptr;
  }

  static void apply(spawn::ProcessRecord& record, spawn::Clock::time_point ended,
                    spawn::WaitStatus status, const spawn::ResourceUsage& usage) {
    record.status = status;
    if (status.kind() == spawn::WaitStatus::Kind::Continued) {
      record.status = spawn::WaitStatus::exited(0);  // running again: no status yet
      return;
    }
    if (status.is_stopped()) return;  // not done: it may be continued
    record.ended = ended;
    record.usage = usage;
    record.done = true;
    timing::note_reaped(record);
  }

  // Bounded: a child the shell did not start (inherited across exec) is never claimed.
  static void keep_unclaimed(JobTable& table, const UnclaimedChild& child) {
    constexpr std::size_t kMaxUnclaimed = 64;
    if (table.unclaimed_.size() >= kMaxUnclaimed) table.unclaimed_.erase(table.unclaimed_.begin());
    table.unclaimed_.push_back(child);
  }
};

namespace {

int wait_options(const Shell& shell) {
  return shell.options.get(Option::Monitor) ? spawn::kWaitUntraced : 0;
}

bool settled(const spawn::ProcessRecord& p) {
  return p.done || p.pid <= 0 || p.status.is_stopped();
}

// The foreground job died of SIGINT. The terminal's ^C went to the job's group (with job
// control, the shell's is not in it and saw nothing): the shell acts as if it had been
// interrupted too, as dash does, so that a loop or list running the job stops. A trapped
// SIGINT runs its action instead; an interactive shell goes back to its prompt; a script that
// handed the terminal to the job dies of the signal as its default action says.
void foreground_interrupted(Shell& shell, const Job& job) {
  bool own_group = job.pgid > 0;
  const auto& action = shell.traps.action(SIGINT);
  bool trapped = action.has_value() && !action->empty();
  if (shell.interactive) {
    if (trapped) {
      // The cursor is after the "^C" the terminal echoed: the next line on a line of its own.
      [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, "\n", 1);
      if (own_group) ::raise(SIGINT);  // the trap's handler notes it; the action runs next
      return;
    }
    // As if the shell had been interrupted itself (shell/interrupt.h): the command line ends,
    // and whatever turns the error into a status on the way meets the interrupt again.
    note_interrupt(SIGINT);
    check_interrupt();
  }
  if (own_group && shell.job_control.terminal_fd >= 0) ::raise(SIGINT);
}

bool killed_by_interrupt(const spawn::ProcessRecord& p) {
  return p.done && p.status.is_signaled() && p.status.signal() == SIGINT;
}

// A script goes by the last process (its status is the job's). An interactive shell goes by any
// process of the job (as bash): a ^C that came before the last element of a pipeline joined the
// group killed the first, and the last then read an end of file and ended well; the user still
// asked for the command line to end.
bool died_of_interrupt(const Shell& shell, const Job& job) {
  if (job.processes.empty()) return false;
  if (!shell.interactive) return killed_by_interrupt(job.processes.back());
  for (const spawn::ProcessRecord& p : job.processes) {
    if (killed_by_interrupt(p)) return true;
  }
  return false;
}

// A ^C typed while the shell was still starting the job (before the terminal was the job's)
// reached the shell, not the job's group, which may already have left the shell's group. It was
// meant for the job: it gets it now, as it would have a moment later, and the waiter sees how
// it took it. Without this a job that ignores end of input (`while :; do :; done | cat`) runs on
// with nobody to stop it but another ^C.
void forward_early_interrupt(Shell& shell, const Job& job) {
  if (job.pgid <= 0 || shell.job_control.terminal_fd < 0 || !interrupt_pending()) return;
  clear_interrupt();
  ::kill(-job.pgid, SIGINT);
}

void report_wait_failure(Shell& shell) {
  shell.error(std::string("wait: ") + std::strerror(errno));
}

}  // namespace

int wait_for_foreground(Shell& shell, Job& job) {
  JobTable& table = shell.jobs;
  const int options = wait_options(shell);
  int status = 0;
  bool failed = false;
  forward_early_interrupt(shell, job);
  if (job.pgid > 0) {
    // The whole group at once: whichever member changes state first is recorded.
    for (spawn::ProcessRecord& p : job.processes) {
      if (!settled(p)) Waiter::claim(table, p);
    }
    for (;;) {
      bool all_settled = true;
      for (const spawn::ProcessRecord& p : job.processes) all_settled = all_settled && settled(p);
      if (all_settled) break;
      spawn::Reaped reaped;
      if (!Waiter::collect(table, -job.pgid, options, reaped, false)) {
        report_wait_failure(shell);
        failed = true;
        break;
      }
      Waiter::record(table, reaped, &job);
    }
  } else {
    for (spawn::ProcessRecord& p : job.processes) {
      if (!settled(p)) Waiter::claim(table, p);
      while (!settled(p)) {
        spawn::Reaped reaped;
        if (!Waiter::collect(table, p.pid, options, reaped, false)) {
          report_wait_failure(shell);
          failed = true;
          break;
        }
        Waiter::record(table, reaped, &job);
      }
    }
  }
  status = failed ? 1 : job.status();
  foreground_job_settled(shell, job);
  Waiter::keep_as_last_foreground(table, job);
  timing::report_if_expensive(shell, job.processes);
  if (job.stopped()) {
    // set -m and the job was stopped (^Z, SIGSTOP): it goes on as a background job, and the
    // shell says so: "[1] + Stopped  sleep 30".
    std::size_t number = Waiter::add_background(table, job);
    std::string line = job_status_line(table, table.all()[number - 1], false) + "\n";
    if (shell.interactive) line.insert(0, "\n");  // after the ^Z the terminal echoed
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
  }
  // Without a group of its own (+m) the job shares the terminal's SIGINT with the shell, whose
  // handler noted it: the command line ends at the next safe point even when the job lived, as
  // in dash. (Taking a job that lived as one that caught the ^C for itself, as bash does, loses
  // a ^C that the job never got: one that came between two jobs of a loop, or as the job was
  // ending; `while :; do /bin/true; done` then ran on after the ^C about one time in eight.)
  if (died_of_interrupt(shell, job)) foreground_interrupted(shell, job);
  return status;
}

Job take_job(Shell& shell, Job& job) { return Waiter::take(shell.jobs, job); }

int wait_for_background_process(Shell& shell, spawn::ProcessRecord& p) {
  JobTable& table = shell.jobs;
  if (!p.done && p.pid > 0) Waiter::claim(table, p);
  // With set -m, a stopped process ends the wait too: its status is 128 plus the stop signal
  // (as bash), and `wait` without operands does not hang on a stopped job.
  const int options = wait_options(shell);
  while (!p.done && !p.status.is_stopped()) {
    spawn::Reaped reaped;
    if (!Waiter::collect(table, p.pid, options, reaped, true)) {
      if (errno != EINTR) return 127;
      if (Traps::pending()) return kWaitInterrupted;
      check_interrupt();  // Ctrl-C in an interactive shell ends `wait` and the command line
      continue;
    }
    Waiter::record(table, reaped, nullptr);
  }
  return p.status.shell_status();
}

void reap_finished(Shell& shell) {
  JobTable& table = shell.jobs;
  const int options = spawn::kWaitNoHang | wait_options(shell);
  spawn::Reaped reaped;
  while (Waiter::collect(table, -1, options, reaped, false) && reaped.pid > 0) {
    Waiter::record(table, reaped, nullptr);
  }
}

std::size_t add_background_job(Shell& shell, Job job) {
  std::size_t number = Waiter::add_background(shell.jobs, std::move(job));
  // A loop that starts jobs by the thousand: reap here too, now that the new job's processes
  // are in the table to take their statuses.
  reap_finished(shell);
  return number;
}

}  // namespace spawnsh
