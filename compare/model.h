// What a comparison measures and produces: one run's figures, a variant's runs and statistics,
// and the whole comparison (every variant at every ballast size).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "spawn/spawn.h"

namespace spawnsh::compare {

// The backends a comparison can name, indexed like spawn::kConcreteBackends plus emulated.
inline constexpr std::size_t kBackendSlots = 5;
std::size_t backend_slot(spawn::Backend b);

// How the emulated backend hands a child the shell's state (issue 13): a serialized stream or
// an image at a fixed address. The other backends have no channel.
enum class Channel : std::uint8_t { None, Serialize, Image };

// What one row of a comparison measures: a backend and, for emulated, its channel. The
// measuring shell is switched to both before each run.
struct Variant {
  spawn::Backend backend = spawn::Backend::Fork;
  Channel channel = Channel::None;
  friend auto operator<=>(const Variant&, const Variant&) = default;
};

// Every variant a comparison can name, in the order of the reports.
inline constexpr Variant kVariants[] = {
    {spawn::Backend::Fork, Channel::None},           {spawn::Backend::Vfork, Channel::None},
    {spawn::Backend::Clone, Channel::None},          {spawn::Backend::PosixSpawn, Channel::None},
    {spawn::Backend::Emulated, Channel::Serialize}, {spawn::Backend::Emulated, Channel::Image}};
inline constexpr std::size_t kVariantSlots = std::size(kVariants);
std::size_t variant_slot(Variant v);  // its index in kVariants

// "fork", "emulated-serialize", "emulated-image": the name in --backends and in every report.
// (Not "emulated:image": ':' splits words in bash's completion as '=' does.)
std::string variant_name(Variant v);
// "serialize", "image", or "" for a backend without a channel.
std::string_view channel_name(Channel c);

// One run of the command under one backend, as the measuring shell saw it.
struct RunSample {
  double wall = 0;    // seconds, the command alone (setup is outside)
  double user = 0;    // seconds: its processes plus the shell's own CPU during the run
  double system = 0;  // seconds
  long max_rss_kib = 0;
  long minor_faults = 0;
  long major_faults = 0;
  long voluntary_switches = 0;
  long involuntary_switches = 0;
  int exit_code = 0;  // the command's status ($?)
  std::uint64_t processes = 0;  // processes the run created
  std::array<std::uint64_t, kBackendSlots> by_backend{};  // ... and by which backend
  std::uint64_t fallbacks = 0;  // spawns where the wanted backend refused and another ran
  std::uint64_t output_digest = 0;  // of the command's stdout and stderr
  std::string output;               // kept for the first runs only, to show a difference
};

// The statistics of a set of runs (seconds where a time).
struct Summary {
  std::size_t runs = 0;
  double mean = 0, stddev = 0, median = 0, min = 0, max = 0;
  double median_ci_low = 0, median_ci_high = 0, median_ci_coverage = 0;
  double user = 0, system = 0;  // means
  long max_rss_kib = 0;         // the largest
  double minor_faults = 0, major_faults = 0;  // means per run
  double voluntary_switches = 0, involuntary_switches = 0;
  double processes = 0;  // mean per run
  std::array<std::uint64_t, kBackendSlots> by_backend{};  // totals over the runs
  std::uint64_t fallbacks = 0;                            // total
  std::vector<std::size_t> outliers;                      // run indices
  std::vector<std::string> warnings;
};

struct VariantResult {
  Variant variant;
  std::uint64_t ballast_bytes = 0;
  std::vector<RunSample> runs;
  Summary summary;
};

struct Comparison {
  std::string command;
  std::vector<Variant> variants;
  std::vector<std::uint64_t> ballast_sizes;  // {0} without --ballast
  std::uint64_t seed = 0;
  std::string thp_state;           // /sys/kernel/mm/transparent_hugepage/enabled, the chosen one
  std::vector<std::uint64_t> huge_page_bytes;  // AnonHugePages of the shell at each size
  std::vector<VariantResult> results;  // every variant at the first size, then the next size...
  const VariantResult* find(Variant v, std::uint64_t ballast) const;
};

Summary summarize(const std::vector<RunSample>& runs);

}  // namespace spawnsh::compare
