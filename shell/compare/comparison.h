// The comparison mode as the shell runs it: `spawnsh compare [options] -- COMMAND...` (a
// subcommand) and the `compare` builtin (the same options, measured in the running shell, so
// its functions, variables and size are part of what is compared: a large interactive shell
// shows what fork costs it). Options, statistics and reports are compare/'s; this file joins
// them to a shell.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spawnsh {
class Shell;
}

namespace spawnsh::compare_run {

// `args` are the words after "compare". The report goes to fd 1, progress and diagnostics
// (prefixed with `who`, e.g. "spawnsh compare") to fd 2. Returns the exit status: 0; 1 when the
// command failed without -i, the backends disagreed, or an export could not be written; 2 for
// a bad option or ballast.
int run_comparison(Shell& shell, const std::vector<std::string>& args, std::string_view who);

}  // namespace spawnsh::compare_run
