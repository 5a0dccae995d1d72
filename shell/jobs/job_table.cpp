#include "shell/jobs/job_table.h"

#include <algorithm>
#include <climits>
#include <unistd.h>

namespace spawnsh {
namespace {

// How many finished jobs nobody has waited for are remembered: POSIX asks for the CHILD_MAX
// most recent at least (XCU 2.9.3.1), which is also the most a script could have running.
std::size_t remembered_limit() {
  long child_max = ::sysconf(_SC_CHILD_MAX);
  if (child_max < _POSIX_CHILD_MAX) child_max = _POSIX_CHILD_MAX;
  return static_cast<std::size_t>(child_max);
}

bool is_number(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::size_t JobTable::add(Job job) {
  // A script may start jobs by the thousand: the table is walked only when `wait` has given a
  // status since the last job, or when it is as big as the limit.
  std::vector<Job>& jobs = jobs_;
  auto forget = [this](Job& old_job) { this->forget(old_job); };
  if (waited_since_add_) {
    for (Job& old : jobs) {
      if (old.used() && old.waited && old.done()) forget(old);
    }
    waited_since_add_ = false;
  }
  if (std::size_t limit = remembered_limit(); jobs.size() >= limit) {
    // Past the limit, the oldest finished jobs are forgotten (a script that never waits).
    std::size_t finished = 0;
    for (const Job& old : jobs) finished += old.used() && old.done() ? 1 : 0;
    for (; finished >= limit; --finished) {
      Job* oldest = nullptr;
      for (Job& old : jobs) {
        if (old.used() && old.done() && (oldest == nullptr || old.serial < oldest->serial)) {
          oldest = &old;
        }
      }
      forget(*oldest);
    }
  }
  while (!jobs.empty() && !jobs.back().used()) {
    jobs.pop_back();
    if (free_slots_ > 0) --free_slots_;
  }
  auto slot = jobs.end();
  if (free_slots_ > 0) {
    slot = std::find_if(jobs.begin(), jobs.end(), [](const Job& old) { return !old.used(); });
  }
  if (slot == jobs.end()) {
    free_slots_ = 0;
    slot = jobs.insert(jobs.end(), Job{});
  } else {
    --free_slots_;
  }
  job.serial = ++serial_;
  job.waited = false;
  *slot = std::move(job);
  return static_cast<std::size_t>(slot - jobs.begin()) + 1;
}

std::pair<Job*, Job*> JobTable::current_and_previous() {
  Job* current = nullptr;
  Job* previous = nullptr;
  for (Job& job : jobs_) {
    if (!job.used()) continue;
    if (current == nullptr || job.serial > current->serial) {
      previous = current;
      current = &job;
    } else if (previous == nullptr || job.serial > previous->serial) {
      previous = &job;
    }
  }
  return {current, previous};
}

void JobTable::forget(Job& job) {
  job = Job{};
  ++free_slots_;
}

void JobTable::clear_for_subshell() {
  jobs_.clear();
  free_slots_ = 0;
  waited_since_add_ = false;
  running_background_ = 0;
  unclaimed_.clear();
  children_usage_ = {};  // `times` in a child counts its own children, as the kernel does
}

JobLookup JobTable::find(std::string_view spec) {
  std::string_view body = spec.substr(1);
  auto no_such_job = [&] { return JobLookup{nullptr, "No such job: " + std::string(spec)}; };
  if (body.empty() || body == "%" || body == "+" || body == "-") {
    auto [current, previous] = current_and_previous();
    if (body == "-") {
      if (previous == nullptr) return {nullptr, "No previous job"};
      return {previous, {}};
    }
    if (current == nullptr) return {nullptr, "No current job"};
    return {current, {}};
  }
  if (is_number(body)) {
    std::size_t n = 0;
    for (char c : body) {
      n = n * 10 + static_cast<std::size_t>(c - '0');
      if (n > jobs_.size()) return no_such_job();
    }
    if (n == 0 || !jobs_[n - 1].used()) return no_such_job();
    return {&jobs_[n - 1], {}};
  }
  bool anywhere = body[0] == '?';
  std::string_view wanted = anywhere ? body.substr(1) : body;
  Job* found = nullptr;
  for (Job& job : jobs_) {
    if (!job.used()) continue;
    bool match = anywhere ? job.text.find(wanted) != std::string::npos
                          : std::string_view(job.text).substr(0, wanted.size()) == wanted;
    if (!match) continue;
    if (found != nullptr) return {nullptr, std::string(spec) + ": ambiguous"};
    found = &job;
  }
  return found != nullptr ? JobLookup{found, {}} : no_such_job();
}

Job* JobTable::find_by_pid(pid_t pid, spawn::ProcessRecord** process) {
  for (Job& job : jobs_) {
    for (spawn::ProcessRecord& p : job.processes) {
      if (p.pid != pid) continue;
      if (process != nullptr) *process = &p;
      return &job;
    }
  }
  return nullptr;
}

}  // namespace spawnsh
