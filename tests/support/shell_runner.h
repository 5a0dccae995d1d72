// Runs a program (spawnsh, dash...) the way the behaviour tests need: in a fresh empty
// directory, stdin from /dev/null, a small fixed environment, stdout and stderr captured. The
// process is made with spawnsh's own spawn library.
#pragma once

#include <string>
#include <vector>

namespace spawnsh::testing {

struct RunResult {
  int status = -1;  // the shell status: exit code or 128 + signal
  std::string out, err;
};

// argv[0] must be a path. Fails the current Catch2 test if the process cannot be run at all.
RunResult run_in_empty_directory(const std::vector<std::string>& argv);

}  // namespace spawnsh::testing
