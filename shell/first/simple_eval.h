// Runs one command read by first::Reader. Replaced with the evaluator over the real AST.
#pragma once

#include "shell/first/simple_parser.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::first {

// Expands the words, runs the builtin or program, and returns its status.
int run_command(Shell& shell, const Command& command);

}  // namespace spawnsh::first
