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

// set -x: the command's trace line on stderr, when the option is on. Call it once the prefix
// assignments are made: it shows the values they were given.
void trace_command(Shell& shell, const syntax::SimpleCommand& command,
                   std::span<const std::string> argv);

// `skip_functions`: the lookup of the `command` builtin (special builtins, regular builtins,
// PATH), with special builtins' errors no longer ending the shell.
int execute_expanded(Shell& shell, const syntax::SimpleCommand& command,
                     std::span<const std::string> argv, bool skip_functions = false);

}  // namespace spawnsh::exec
