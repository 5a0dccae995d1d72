// Internal to shell/exec: a simple command whose words are already expanded (a pipeline
// element expanded in the parent and then run in a child).
#pragma once

#include <span>
#include <string>

#include "shell/syntax/ast.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

int execute_expanded(Shell& shell, const syntax::SimpleCommand& command,
                     std::span<const std::string> argv);

}  // namespace spawnsh::exec
