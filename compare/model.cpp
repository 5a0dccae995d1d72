#include "compare/model.h"

#include <algorithm>
#include <cstdio>

#include "compare/statistics.h"

namespace spawnsh::compare {

std::size_t backend_slot(spawn::Backend b) {
  switch (b) {
    case spawn::Backend::Fork: return 0;
    case spawn::Backend::Vfork: return 1;
    case spawn::Backend::Clone: return 2;
    case spawn::Backend::PosixSpawn: return 3;
    case spawn::Backend::Emulated: return 4;
    case spawn::Backend::Auto: break;
  }
  return 0;
}

std::size_t variant_slot(Variant v) {
  for (std::size_t i = 0; i < kVariantSlots; ++i) {
    if (kVariants[i] == v) return i;
  }
  return 0;
}

std::string_view channel_name(Channel c) {
  switch (c) {
    case Channel::Serialize: return "serialize";
    case Channel::Image: return "image";
    case Channel::None: break;
  }
  return {};
}

std::string variant_name(Variant v) {
  std::string name(spawn::backend_name(v.backend));
  if (v.channel != Channel::None) name += "-" + std::string(channel_name(v.channel));
  return name;
}

const VariantResult* Comparison::find(Variant v, std::uint64_t ballast) const {
  for (const VariantResult& r : results) {
    if (r.variant == v && r.ballast_bytes == ballast) return &r;
  }
  return nullptr;
}

namespace {

std::string millis(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f ms", seconds * 1e3);
  return text;
}

}  // namespace

Summary summarize(const std::vector<RunSample>& runs) {
  Summary s;
  s.runs = runs.size();
  if (runs.empty()) return s;
  std::vector<double> wall;
  wall.reserve(runs.size());
  double n = static_cast<double>(runs.size());
  for (const RunSample& r : runs) {
    wall.push_back(r.wall);
    s.user += r.user / n;
    s.system += r.system / n;
    s.max_rss_kib = std::max(s.max_rss_kib, r.max_rss_kib);
    s.minor_faults += static_cast<double>(r.minor_faults) / n;
    s.major_faults += static_cast<double>(r.major_faults) / n;
    s.voluntary_switches += static_cast<double>(r.voluntary_switches) / n;
    s.involuntary_switches += static_cast<double>(r.involuntary_switches) / n;
    s.processes += static_cast<double>(r.processes) / n;
    for (std::size_t i = 0; i < kBackendSlots; ++i) s.by_backend[i] += r.by_backend[i];
    s.fallbacks += r.fallbacks;
  }
  s.mean = mean(wall);
  s.stddev = stddev(wall);
  s.median = median(wall);
  s.min = minimum(wall);
  s.max = maximum(wall);
  Interval ci = median_confidence_interval(wall);
  s.median_ci_low = ci.low;
  s.median_ci_high = ci.high;
  s.median_ci_coverage = ci.coverage;
  s.outliers = outliers(wall);

  // hyperfine's warnings, in its words where they fit.
  if (s.min < 0.005) {
    s.warnings.push_back(
        "Command took less than 5 ms to complete. Results may be less accurate: the cost of "
        "the measuring itself is a larger part of each run.");
  }
  std::vector<double> scores = modified_zscores(wall);
  if (!scores.empty() && scores[0] > kOutlierThreshold) {
    s.warnings.push_back("The first run was significantly slower than the rest (" +
                         millis(wall[0]) +
                         "). This could be caused by (file system) caches that were not filled "
                         "until after the first run. Consider --warmup.");
  } else if (!s.outliers.empty()) {
    s.warnings.push_back(std::to_string(s.outliers.size()) +
                         " statistical outlier(s) were detected (modified Z-score > 14). "
                         "Consider re-running on a quieter machine.");
  }
  if (s.fallbacks > 0) {
    s.warnings.push_back(std::to_string(s.fallbacks) +
                         " process(es) were refused by this backend and made by another "
                         "(see 'made by').");
  }
  return s;
}

}  // namespace spawnsh::compare
