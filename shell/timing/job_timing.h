// What one job cost, for `time`, `time -v` and the automatic reports (REPORTTIME).
//
// The seam with process reaping: a JobTiming is started before a timed pipeline runs; while it
// is active, every child the shell reaps is handed to note_reaped(), which keeps its record on
// every active JobTiming (a `time` inside a timed function counts for both). Stopping it adds
// the shell's own CPU over the same span (getrusage RUSAGE_SELF), so builtins and functions
// count too. When reaping gets one owner (a waiter recording each process on its job), the
// calls to note_reaped move there; nothing else here depends on where reaping happens.
#pragma once

#include <cstddef>
#include <string>
#include <sys/resource.h>
#include <vector>

#include "spawn/timing.h"
#include "spawn/wait.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::timing {

// The figures a report is made of.
struct JobFigures {
  std::chrono::microseconds real{0};  // wall time, monotonic clock
  // user and system: the job's processes plus the shell's own CPU during the job; max_rss: the
  // largest of the processes' (the shell's own when the job made none); the counters: sums.
  spawn::ResourceUsage usage;
  std::size_t processes = 0;             // processes the job made
  std::vector<spawn::Backend> backends;  // the backends that made them, in order of first use
  int status = 0;                        // the job's exit status ($?)
};

// One reaped process of a timed job, with what the report says about it.
struct TimedProcess {
  spawn::ProcessRecord record;
  std::string command;  // what it ran, when known ("" otherwise)
};

class JobTiming {
 public:
  JobTiming() = default;
  JobTiming(const JobTiming&) = delete;
  JobTiming& operator=(const JobTiming&) = delete;
  ~JobTiming() { stop(); }

  // Makes this the innermost active timing and starts its clocks.
  void start();
  // Ends the span (idempotent) and adds the shell's own usage over it.
  void stop();
  bool active() const { return active_; }
  JobTiming* outer() const { return outer_; }

  // Records one reaped child (called through note_reaped for every active timing).
  void add(const spawn::ProcessRecord& record);

  const std::vector<TimedProcess>& processes() const { return processes_; }
  std::vector<TimedProcess>& processes() { return processes_; }
  // The figures so far; call after stop().
  JobFigures figures() const;

 private:
  bool active_ = false;
  JobTiming* outer_ = nullptr;
  spawn::Clock::time_point started_{};
  spawn::Clock::time_point ended_{};
  struct rusage self_start_ {};
  spawn::ResourceUsage self_;  // the shell's own usage between start and stop
  std::vector<TimedProcess> processes_;
};

// True while some `time` is running its pipeline in this process.
bool timing_active();

// The waiter's hook (shell/jobs/waiter.cpp), called for every child whose final status it
// records: keeps `record` on every active JobTiming that began before the process did (a
// background job started earlier is not the timed job's).
void note_reaped(const spawn::ProcessRecord& record);

// Figures of a finished set of processes (a foreground job's records), without the shell's own.
JobFigures figures_of(const std::vector<spawn::ProcessRecord>& processes);

}  // namespace spawnsh::timing
