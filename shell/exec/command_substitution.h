// Command substitution (XCU 2.6.3): the runner exec/ installs into expansion (see
// expand/expand.h, set_command_substitution_runner).
#pragma once

#include <string>

#include "shell/syntax/ast.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

// Runs `program` in a child and returns its output less trailing newlines (NUL bytes are
// dropped, as dash does). Sets shell.substitution_status to the child's status.
std::string command_substitution(Shell& shell, const syntax::Program& program);

}  // namespace spawnsh::exec
