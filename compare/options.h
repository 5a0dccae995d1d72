// The options of `spawnsh compare` (and of `time --compare` later), parsed without the shell.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compare/model.h"

namespace spawnsh::compare {

struct Options {
  std::vector<Variant> variants;  // --backends; empty: every backend and channel of the build
  std::optional<std::uint64_t> runs;     // -r: exactly this many per backend
  std::uint64_t min_runs = 10;           // -m
  std::optional<std::uint64_t> max_runs;  // -M
  double min_time = 3.0;                 // --min-time, seconds per backend
  std::uint64_t warmup = 0;              // -w: rounds run first and not measured
  std::string prepare;                   // -p: shell code run before each timed run, untimed
  bool ignore_failure = false;           // -i
  bool check_output = true;              // --no-output-check turns it off
  std::optional<std::uint64_t> seed;     // --seed (default: from the clock, then reported)
  std::vector<std::uint64_t> ballast;    // --ballast sizes, bytes
  std::string export_json, export_csv, export_markdown, plot;
  std::string command;                   // the shell code compared (the operands joined)
};

// Parses the arguments after "compare". Returns nullopt on success; otherwise the exit status
// (0 for --help, which `help` receives; 2 for a mistake, `error` gets the one-line message,
// without a prefix: the caller says who it is, "spawnsh compare" or the builtin "compare").
std::optional<int> parse_options(const std::vector<std::string>& args, Options& out,
                                 std::string& error, std::string& help);

// The variants one name of --backends stands for, appended to `out`: "fork" one, "emulated"
// both channels (serialize, image), "emulated-image" that channel alone. False for another name.
bool parse_variants(std::string_view name, std::vector<Variant>& out);

// "0", "512K", "256M", "1G", "1.5G", "4GiB": bytes (binary multiples). False when malformed.
bool parse_size(const std::string& text, std::uint64_t& bytes);
// 1073741824 -> "1G", 268435456 -> "256M", 1000 -> "1000".
std::string format_size(std::uint64_t bytes);

extern const char* const kCompareUsage;

}  // namespace spawnsh::compare
