// The evaluator: walks the AST and runs it. Control flow (break, continue, return, exit)
// travels as state on the Shell, checked where it unwinds; errors that abort a command are
// CommandError exceptions, caught by the command loop (shell/run.cpp).
#pragma once

#include <span>
#include <string>

#include "shell/syntax/ast.h"

namespace spawnsh {

class Shell;

namespace exec {

int execute(Shell& shell, const syntax::Program& program);
int execute(Shell& shell, const syntax::CommandList& list);
int execute_and_or(Shell& shell, const syntax::AndOr& and_or);
int execute_pipeline(Shell& shell, const syntax::Pipeline& pipeline, bool background);
// `list &`: starts it without waiting; sets $!. Returns 0.
int start_background(Shell& shell, const syntax::AndOr& and_or);
// Runs one command in this shell (a pipeline element runs it in its own child).
int execute_command(Shell& shell, const syntax::Command& command);
int execute_simple(Shell& shell, const syntax::SimpleCommand& command);
// Calls a function with `argv` as its name and positional parameters.
int call_function(Shell& shell, const syntax::Command& body, std::span<const std::string> argv);

// A child that runs shell code ends here: its EXIT trap would run here, and nothing of the
// parent's state is flushed twice.
[[noreturn]] void exit_child(Shell& shell, int status);

// Prepares a forked child to run shell code: it is a subshell, no longer interactive.
void become_subshell(Shell& shell);

}  // namespace exec
}  // namespace spawnsh
