// Running programs: PATH search, the ExecPlan, the spawn, and the wait (wait4, with rusage).
#pragma once

#include <span>
#include <string>

namespace spawnsh {

class Shell;

// Runs argv[0] as a program (after builtins and functions were ruled out), waits for it in the
// foreground, and returns its shell status: the exit code, 128+signal, 126 (found but cannot be
// run) or 127 (not found). Errors are reported here, in the shell's message format.
int run_program(Shell& shell, std::span<const std::string> argv);

// The path of the running spawnsh executable (for scripts the kernel will not run: ENOEXEC).
const std::string& self_executable();

}  // namespace spawnsh
