// The job table: background jobs (adding one reuses free slots, forgets what `wait` has
// reported, remembers at most CHILD_MAX finished jobs), finding one by pid or job spec, the
// last foreground job, and the accounting the waiter (waiter.h) keeps for every child.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shell/jobs/job.h"
#include "spawn/wait.h"

namespace spawnsh {

// The job a spec names, or dash's message when there is none (or a string matches several).
struct JobLookup {
  Job* job = nullptr;
  std::string error;
};

// A child reaped before any job claimed it (a wait4(-1) returns whichever child ended).
struct UnclaimedChild {
  pid_t pid = 0;
  spawn::Clock::time_point ended{};
  spawn::WaitStatus status = spawn::WaitStatus::exited(0);
  spawn::ResourceUsage usage;
};

class JobTable {
 public:
  // Background jobs: job n is all()[n - 1]; a job keeps its slot (and number) until the next
  // job is started after `wait` has given its status, so `wait $pid` can give it again
  // meanwhile, as dash does.
  std::vector<Job>& all() { return jobs_; }
  const std::vector<Job>& all() const { return jobs_; }
  std::size_t number_of(const Job& job) const {
    return static_cast<std::size_t>(&job - jobs_.data()) + 1;
  }

  // Enters a started background job and returns its number (1-based). Jobs whose status `wait`
  // has already given are forgotten first, so their slots (and numbers) are reused; finished
  // jobs nobody waited for are kept, up to the CHILD_MAX most recent (XCU 2.9.3.1).
  std::size_t add(Job job);

  // %n, %% %+ (current: the newest), %- (previous), %string (its text starts with string),
  // %?string (its text contains string).
  JobLookup find(std::string_view spec);
  // The current job (the newest) and the previous one (started before it); nullptr for none.
  std::pair<Job*, Job*> current_and_previous();
  // The background job with a process `pid`, or nullptr.
  Job* find_by_pid(pid_t pid, spawn::ProcessRecord** process = nullptr);
  // Takes a job out of the table at once (its number becomes free): `jobs` does this to a
  // finished job once it has reported it, as dash does.
  void forget(Job& job);
  // `wait` has given this job's status: it is forgotten when the next job starts.
  // Its status given, it needs no notice before the next prompt either.
  void mark_waited(Job& job) {
    job.waited = true;
    job.changed = false;
    waited_since_add_ = true;
  }
  // A subshell starts with no jobs (its parent's children are not its own).
  void clear_for_subshell();

  // Processes of background jobs not yet reaped: the reaping at safe points (inside loops,
  // before kill, wait and jobs) costs nothing while this is 0.
  std::size_t running_background() const { return running_background_; }

  // The processes of the most recent foreground job (what `time` reports).
  const Job& last_foreground() const { return last_foreground_; }

  // Every child the shell has reaped: their usage, summed (what `times` reports).
  const spawn::ResourceUsage& children_usage() const { return children_usage_; }

  // Tests: a stand-in for wait4 (see waiter.cpp), answering for the pids a fake spawner gave.
  using Reaper = bool (*)(pid_t which, int options, spawn::Reaped& out, bool interruptible);
  void use_reaper(Reaper reaper) { reaper_ = reaper; }

 private:
  friend class Waiter;

  std::vector<Job> jobs_;
  std::uint64_t serial_ = 0;          // of the newest job
  std::size_t free_slots_ = 0;        // slots in jobs_ forgotten and not yet reused
  bool waited_since_add_ = false;     // `wait` gave a status since the last job started
  std::size_t running_background_ = 0;
  Job last_foreground_;
  spawn::ResourceUsage children_usage_;
  std::vector<UnclaimedChild> unclaimed_;
  Reaper reaper_ = nullptr;           // nullptr: the real wait4
};

}  // namespace spawnsh
