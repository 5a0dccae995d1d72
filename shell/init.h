// Start-up state: the variables a shell sets for itself, and interactive signal handling.
#pragma once

namespace spawnsh {

class Shell;

// PWD (kept from the environment when it names the current directory), PPID, IFS, PS1, PS2,
// PS4 and OPTIND.
void initialize_variables(Shell& shell);

// An interactive shell ignores SIGTERM and SIGQUIT and survives SIGINT (XCU 2.11).
void make_interactive(Shell& shell);

}  // namespace spawnsh
