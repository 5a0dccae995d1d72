// Error messages in one format: "spawnsh: [SCRIPT: ]line N: message", or "spawnsh: message"
// at an interactive prompt.
#pragma once

#include <string>
#include <string_view>

namespace spawnsh {

struct Location {
  std::string_view source;  // the file the command came from (the script, a `.` file);
                            // empty for -c strings and standard input
  int line = 0;             // 0: no line to report
};

// Writes one line to stderr, unbuffered, in a single write so that concurrent writers do not
// interleave within it.
void report_error(std::string_view shell_name, const Location& where, std::string_view message);

}  // namespace spawnsh
