// The exports, in hyperfine's field names where the meaning is the same (times in seconds):
// JSON {"results": [{"command", "mean", "stddev", "median", "user", "system", "min", "max",
// "times", "memory_usage_byte", "exit_codes", ...ours}]}, CSV (one row per backend and size) and
// Markdown (hyperfine's table with a backend and a ballast column).
#pragma once

#include <string>

#include "compare/model.h"

namespace spawnsh::compare {

std::string export_json(const Comparison& c);
std::string export_csv(const Comparison& c);
std::string export_markdown(const Comparison& c);

// Writes `text` to `path`; false with `error` ("cannot write FILE: reason").
bool write_file(const std::string& path, const std::string& text, std::string& error);

}  // namespace spawnsh::compare
