// The comparison loop: at each ballast size, warm-up rounds, then rounds in which every variant
// (backend, and channel for emulated) that still needs runs runs once, in an order shuffled per
// round (seeded), so that a noisy machine's drift reaches every variant alike. What one run is
// comes from a Measurer.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "compare/model.h"
#include "compare/options.h"

namespace spawnsh::compare {

// One run of the command in the measuring process, with the launcher set to a variant.
class Measurer {
 public:
  virtual ~Measurer() = default;
  // The --prepare code, outside the timed window. False (with `error`) when it failed.
  virtual bool prepare(Variant variant, std::string& error) = 0;
  virtual RunSample run(Variant variant) = 0;
};

// Told before and after every run (the progress bar).
class Observer {
 public:
  virtual ~Observer() = default;
  struct State {
    Variant variant;
    std::uint64_t ballast = 0;
    bool warmup = false;
    std::uint64_t run = 0, runs = 0;    // of this variant at this size (0 runs: not yet known)
    std::uint64_t done = 0, total = 0;  // every run planned so far (estimate before the counts)
  };
  virtual void before_run(const State&) {}
  virtual void finished() {}
};

// Fisher-Yates over 0..n-1 with a 64-bit Mersenne Twister (whose sequence the standard fixes,
// unlike the distributions'), so a --seed gives the same orders everywhere.
std::vector<std::size_t> shuffled_round(std::size_t n, std::mt19937_64& rng);

// Runs per variant without --runs: enough for min_time (from one measured run), at least
// min_runs, at most max_runs (hyperfine's rule).
std::uint64_t runs_for(double first_run_seconds, const Options& options);

// Runs the whole comparison. Returns 0, or 1 with `error` (one or more lines) when the command
// failed without -i, backends disagreed on the output, --prepare failed or a ballast could not be
// made. Ballast sizes are checked against available memory first (status 2).
int run_comparison(const Options& options, Measurer& measurer, Observer& observer,
                   Comparison& out, std::string& error);

// What a comparison runs by default: every backend of this build, emulated with each channel.
std::vector<Variant> default_variants();

}  // namespace spawnsh::compare
