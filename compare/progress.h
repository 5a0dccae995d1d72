// The live progress line on a terminal: backend, ballast, run i/N, a bar and the ETA. Drawn on
// stderr only when stderr is a terminal (the caller decides; make_progress does).
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

// A ProgressBar on fd when it is a terminal, else an observer that shows nothing.
std::unique_ptr<Observer> make_progress(int fd);

}  // namespace spawnsh::compare
