// `spawnsh compare [options] -- COMMAND...`: the comparison mode as a subcommand.
#pragma once

namespace spawnsh::app {

// argv[1] is "compare". Returns the exit status: 0, 1 (the command failed without -i, the
// backends disagreed, a file could not be written), 2 (a bad option or ballast).
int compare_main(int argc, char** argv);

}  // namespace spawnsh::app
