// The readable report of a comparison: per ballast size, a table of the variants (backends, and
// the emulated backend once per channel), their warnings, and the summary ("vfork is 1.02 ± 0.03 times faster than fork"); with several sizes,
// a table variant x size and each variant's growth per GiB of parent.
#pragma once

#include <string>

#include "compare/model.h"

namespace spawnsh::compare {

// A time unit fitted to the values shown: s, ms or µs.
struct TimeUnit {
  const char* name;
  double scale;  // seconds * scale = value in this unit
};
TimeUnit unit_for(double seconds);

// "fork 10, posix_spawn 3" (the processes made, by backend, over the runs).
std::string made_by(const Summary& s);

std::string report_text(const Comparison& c);
// The summary lines at one ballast size ("" with one backend).
std::string summary_text(const Comparison& c, std::uint64_t ballast);
// The table backend x size with growth per GiB ("" with one size).
std::string scan_text(const Comparison& c);
// Growth of the mean wall time per GiB of ballast, seconds per GiB (least squares).
double growth_per_gib(const Comparison& c, Variant v);

}  // namespace spawnsh::compare
