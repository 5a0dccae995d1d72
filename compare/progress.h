// The live progress line on a terminal: variant, ballast, run i/N, a bar and the ETA. Drawn on
// stderr only when both stderr and stdout are terminals (the caller decides; make_progress does).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "compare/driver.h"

namespace spawnsh::compare {

// The line for one state, `width` columns at most; `eta_seconds` < 0 when not known yet.
std::string progress_line(const Observer::State& s, double eta_seconds, std::size_t width);

class ProgressBar final : public Observer {
 public:
  explicit ProgressBar(int fd) : fd_(fd), began_(std::chrono::steady_clock::now()) {}
  void before_run(const State& s) override;
  void finished() override;

 private:
  int fd_;
  std::chrono::steady_clock::time_point began_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

// A ProgressBar on `progress_fd` when it and `report_fd` (where the report goes) are both
// terminals, else an observer that shows nothing. hyperfine's rule: a report sent to a file or a
// pipe means a run nobody watches, and a log that should not fill with redrawn lines.
std::unique_ptr<Observer> make_progress(int progress_fd, int report_fd);

}  // namespace spawnsh::compare
