// The last command of a child's body, when the child can exec it in its own place (dash's
// EV_EXIT): `(prog) &`, `$(a; prog)` run in a child, `{ a; prog; } | b` leave no shell process
// waiting for prog. Found statically, along the tail of the body: the last item of a list
// (not `&`), the last link of an and-or list, a pipeline of one command not negated nor
// timed, into brace groups and subshells (a subshell last in a child needs no child of its own:
// nothing of the parent's is left to protect), ending at a simple command. Compound commands
// with redirections, loops, if and case end the search (nothing found).
//
// Whether it is exec'd is decided when it runs: the child must have no trap of its own (an
// EXIT trap runs after the command, a caught signal's action in the shell), and the command
// must name a program that can be exec'd (else it is spawned as before, which reports the
// error as usual).
#pragma once

#include "shell/exec/continuation.h"
#include "shell/syntax/ast.h"

namespace spawnsh::exec {

// The simple command `continuation` runs last, or null.
const syntax::SimpleCommand* exec_tail(const Continuation& continuation);
// The same for a list (the body of a subshell).
const syntax::SimpleCommand* exec_tail(const syntax::CommandList& list);

}  // namespace spawnsh::exec
