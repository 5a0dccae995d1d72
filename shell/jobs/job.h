// A job: the processes one command line started, and what became of each of them. Foreground
// jobs (a program, a pipeline, a subshell, a $( )) and background jobs (`&`) are the same type;
// the waiter (waiter.h) fills in every process's end time, status and rusage.
#pragma once

#include <cstdint>
#include <string>
#include <termios.h>
#include <vector>

#include "spawn/timing.h"

namespace spawnsh {

struct Job {
  std::vector<spawn::ProcessRecord> processes;  // empty: a free slot of the table
  std::string text;                             // the command, for %string and %?string
  pid_t pgid = 0;                               // its own process group; 0: the shell's
  std::uint64_t serial = 0;                     // start order: the newest is the current job
  bool waited = false;                          // `wait` has given its status
  bool changed = false;  // stopped or ended since the shell last reported it (set -m notices)
  // The terminal's modes when the job was stopped in the foreground (^Z), given back by fg: an
  // editor or pager resumes in the raw or cbreak mode it had set.
  bool have_modes = false;
  termios modes{};

  bool used() const { return !processes.empty(); }
  // Every process has ended (a stopped one has not).
  bool done() const {
    for (const auto& p : processes) {
      if (!p.done) return false;
    }
    return true;
  }
  // Nothing left running: every process has ended or is stopped, and one is stopped.
  bool stopped() const {
    bool any = false;
    for (const auto& p : processes) {
      if (p.done) continue;
      if (!p.status.is_stopped()) return false;
      any = true;
    }
    return any;
  }
  // The job's status as $? gives it: its last process's.
  int status() const { return processes.empty() ? 0 : processes.back().status.shell_status(); }
};

}  // namespace spawnsh
