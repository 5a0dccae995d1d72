// Running trap actions (XCU 2.11, trap). shell/traps.h records the actions and the signals
// caught; the running is done here, on the execution side, so that the state does not call up
// into the command loop.
#pragma once

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

// Runs the actions of the signals caught since the last call, with $? preserved. Cheap when
// nothing was caught.
void run_pending_traps(Shell& shell);

// The EXIT action, once (at the end of the shell or of a subshell that set it). Leaves
// shell.exit_requested set, with the status the shell exits with.
void run_exit_trap(Shell& shell);

}  // namespace spawnsh::exec
