// compare [options] [--] COMMAND...   (spawnsh's own; not in POSIX)
//
// The comparison mode from inside the shell: COMMAND runs in this shell under every backend,
// interleaved, and the report says which is fastest and why. Because it is measured here, the
// shell's functions and variables are there for COMMAND, and the shell's own size is what fork
// has to copy: the question a user of a large interactive shell actually has. The options are
// those of `spawnsh compare` (compare --help).
#include <span>
#include <string>
#include <vector>

#include "builtins/utilities.h"
#include "shell/compare/comparison.h"

namespace spawnsh::builtins {

int compare(Shell& shell, std::span<const std::string> argv) {
  std::vector<std::string> args(argv.begin() + 1, argv.end());
  return compare_run::run_comparison(shell, args, "compare");
}

}  // namespace spawnsh::builtins
