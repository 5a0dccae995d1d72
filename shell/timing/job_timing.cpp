#include "shell/timing/job_timing.h"

#include <algorithm>

namespace spawnsh::timing {
namespace {

// The innermost active timing of this process. A forked child inherits the chain with its
// copy of memory; what it adds there is never reported (the parent reports from its own).
JobTiming* innermost = nullptr;

std::chrono::microseconds to_micros(const timeval& tv) {
  return std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
}

// What the shell itself used between two getrusage(RUSAGE_SELF) readings.
spawn::ResourceUsage self_delta(const struct rusage& a, const struct rusage& b) {
  spawn::ResourceUsage u;
  u.user = to_micros(b.ru_utime) - to_micros(a.ru_utime);
  u.system = to_micros(b.ru_stime) - to_micros(a.ru_stime);
  u.max_rss_kib = b.ru_maxrss;
  u.minor_faults = b.ru_minflt - a.ru_minflt;
  u.major_faults = b.ru_majflt - a.ru_majflt;
  u.voluntary_switches = b.ru_nvcsw - a.ru_nvcsw;
  u.involuntary_switches = b.ru_nivcsw - a.ru_nivcsw;
  u.block_inputs = b.ru_inblock - a.ru_inblock;
  u.block_outputs = b.ru_oublock - a.ru_oublock;
  return u;
}

void add_process(JobFigures& f, const spawn::ProcessRecord& p) {
  ++f.processes;
  f.usage += p.usage;  // sums, and max for max_rss
  if (std::find(f.backends.begin(), f.backends.end(), p.backend) == f.backends.end()) {
    f.backends.push_back(p.backend);
  }
}

}  // namespace

void JobTiming::start() {
  processes_.clear();
  self_ = {};
  outer_ = innermost;
  innermost = this;
  active_ = true;
  ::getrusage(RUSAGE_SELF, &self_start_);
  started_ = spawn::Clock::now();
}

void JobTiming::stop() {
  if (!active_) return;
  ended_ = spawn::Clock::now();
  struct rusage now {};
  ::getrusage(RUSAGE_SELF, &now);
  self_ = self_delta(self_start_, now);
  active_ = false;
  // Timings end innermost first (they follow the evaluator's recursion); unlink wherever it is
  // anyway, so an exception unwinding several levels leaves a consistent chain.
  for (JobTiming** link = &innermost; *link != nullptr; link = &(*link)->outer_) {
    if (*link == this) {
      *link = outer_;
      break;
    }
  }
  outer_ = nullptr;
}

void JobTiming::add(const spawn::ProcessRecord& record) {
  if (record.started != spawn::Clock::time_point{} && record.started < started_) return;
  processes_.push_back({record, {}});
}

JobFigures JobTiming::figures() const {
  JobFigures f;
  f.real = std::chrono::duration_cast<std::chrono::microseconds>(ended_ - started_);
  for (const TimedProcess& p : processes_) add_process(f, p.record);
  long children_rss = f.usage.max_rss_kib;
  f.usage += self_;
  // The shell's high-water mark is its whole life's; it stands for the job only when the job
  // ran in the shell alone (a child's maxrss already includes the shell's at the fork).
  f.usage.max_rss_kib = f.processes > 0 ? children_rss : self_.max_rss_kib;
  return f;
}

bool timing_active() { return innermost != nullptr; }

void note_reaped(const spawn::ProcessRecord& record) {
  for (JobTiming* t = innermost; t != nullptr; t = t->outer()) t->add(record);
}

JobFigures figures_of(const std::vector<spawn::ProcessRecord>& processes) {
  JobFigures f;
  spawn::Clock::time_point first{}, last{};
  for (const spawn::ProcessRecord& p : processes) {
    if (p.pid <= 0) continue;  // an element that failed to start
    add_process(f, p);
    if (first == spawn::Clock::time_point{} || p.started < first) first = p.started;
    if (p.ended > last) last = p.ended;
    f.status = p.status.shell_status();
  }
  if (f.processes > 0) f.real = std::chrono::duration_cast<std::chrono::microseconds>(last - first);
  return f;
}

}  // namespace spawnsh::timing
